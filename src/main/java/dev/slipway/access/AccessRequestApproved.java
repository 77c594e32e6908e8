package dev.slipway.access;

/** An approval completed a request: its grant follows ({@link GrantCreated}). */
public record AccessRequestApproved(AccessRequestView request) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-request.approve";
}
