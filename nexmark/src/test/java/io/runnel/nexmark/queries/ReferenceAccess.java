package io.runnel.nexmark.queries;

import io.runnel.nexmark.model.Event;
import java.util.List;
import java.util.Map;

/** The reference answers for tests outside this package. */
public final class ReferenceAccess {
    private ReferenceAccess() {
    }

    public static Map<String, Q4.Result> q4(List<Event> events) {
        return new NexmarkReference(events).q4();
    }

    public static List<Q3.Result> q3(List<Event> events) {
        return new NexmarkReference(events).q3();
    }

    public static List<Q7.Result> q7(List<Event> events) {
        return new NexmarkReference(events).q7();
    }
}
