package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.streams.serde.Serdes;

/** q0, pass-through: every bid, parsed and written again (the cost of reading and writing an event). */
public final class Q0 extends NexmarkQuery {
    public Q0() {
        super("q0", "pass-through: every bid");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids().to(output, Serdes.string(), NexmarkTopics.BID_SERDE);
    }
}
