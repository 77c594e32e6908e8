package dev.slipway.access;

/** The requester withdrew a request nobody had decided. */
public record AccessRequestWithdrawn(long requestId) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-request.withdraw";
}
