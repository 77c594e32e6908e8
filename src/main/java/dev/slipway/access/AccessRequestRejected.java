package dev.slipway.access;

/** An approver denied a request. */
public record AccessRequestRejected(AccessRequestView request) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-request.deny";
}
