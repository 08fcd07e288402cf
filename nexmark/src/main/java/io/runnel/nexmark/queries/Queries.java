package io.runnel.nexmark.queries;

import java.util.List;
import java.util.Optional;

/** The Nexmark queries q0 to q8. */
public final class Queries {
    private Queries() {
    }

    public static List<NexmarkQuery> all() {
        return List.of(new Q0(), new Q1(), new Q2(), new Q3(), new Q4(), new Q5(), new Q6(), new Q7(), new Q8());
    }

    public static Optional<NexmarkQuery> byName(String name) {
        return all().stream().filter(q -> q.name().equals(name)).findFirst();
    }
}
