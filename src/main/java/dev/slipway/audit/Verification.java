package dev.slipway.audit;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of re-computing the hash chain: {@code intactUpTo} is the last event that verified;
 * when the chain is broken, {@code brokenAt} names the first event that did not, and {@code problem}
 * says how.
 */
public record Verification(boolean intact, long checked, long intactUpTo, @Nullable Long brokenAt, @Nullable String problem,
        long millis) {

    public String summary() {
        return intact ? "Intact up to event " + intactUpTo + " (" + checked + " events checked)."
                : "Broken at event " + brokenAt + ": " + problem + ". Events up to " + intactUpTo + " verify.";
    }
}
