package dev.slipway.cost;

import java.util.List;

/** A cost import was committed. */
public record CostImported(long importId, List<String> files) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost.import";
}
