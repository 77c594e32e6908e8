package dev.slipway.access;

/** Someone requested production access; approvers decide. */
public record AccessRequested(AccessRequestView request) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-request.create";
}
