package dev.slipway.access;

/** An approver approved a request that needs more approvals; it now has {@code approvals} ({@link AccessRequestApproved#NAME}). */
public record AccessRequestApprovalAdded(AccessRequestView request, long approvals) {
}
