package dev.slipway.access;

/** A request ran out of time without enough approvals. */
public record AccessRequestExpired(AccessRequestView request) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-request.expire";
}
