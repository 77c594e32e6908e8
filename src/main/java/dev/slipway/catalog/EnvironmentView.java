package dev.slipway.catalog;

import java.time.Instant;

/** An environment as the portal and the API show it; {@code namespace} is the template, e.g. {team}-{env}. */
public record EnvironmentView(String slug, String name, boolean production, int position, String cluster,
        String namespace, boolean promotionRequired, boolean autoRollback, int accessApprovalsRequired, boolean maintainersApproveAccess, Instant createdAt, Instant updatedAt) {
}
