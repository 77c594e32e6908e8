package dev.slipway.cost;

import java.util.List;

/** Everything that decides where a cost goes, as finance edits it. */
public record AllocationSettings(AllocationKeys keys, List<TagAlias> aliases, List<SharedRule> sharedRules) {
}
