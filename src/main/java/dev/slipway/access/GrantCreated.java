package dev.slipway.access;

/** Production access was granted: by an administrator directly, or by approving a request ({@code grant.requestId()}). */
public record GrantCreated(GrantView grant) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-grant.create";
}
