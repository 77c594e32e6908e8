package dev.slipway.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A place services are deployed to; environments are ordered, and releases are promoted along that order. */
@Entity
@Table(name = "environment")
class Environment extends CatalogEntry {

    private String name;
    private boolean production;
    private int position;
    private String cluster;
    private String namespaceTemplate;
    private boolean promotionRequired;
    private boolean autoRollback;
    private int accessApprovalsRequired = 1;
    private boolean maintainersApproveAccess;

    protected Environment() {
    }

    @SuppressWarnings("NullAway.Init") // apply() sets the remaining columns before the entity is saved
    Environment(String slug, Instant now) {
        super(slug, now);
    }

    void apply(EnvironmentRequest request, int position, Instant now) {
        this.name = request.name().strip();
        this.production = Boolean.TRUE.equals(request.production());
        this.position = position;
        this.cluster = request.cluster() == null || request.cluster().isBlank() ? EnvironmentRequest.DEFAULT_CLUSTER
                : request.cluster().strip();
        this.namespaceTemplate = request.namespace() == null || request.namespace().isBlank()
                ? EnvironmentRequest.DEFAULT_NAMESPACE : request.namespace().strip();
        this.promotionRequired = request.promotionRequired() == null ? this.production : request.promotionRequired();
        this.autoRollback = Boolean.TRUE.equals(request.autoRollback());
        // Left out (e.g. by a client that predates them): the production access rules stay as they are.
        if (request.accessApprovalsRequired() != null) {
            this.accessApprovalsRequired = request.accessApprovalsRequired();
        }
        if (request.maintainersApproveAccess() != null) {
            this.maintainersApproveAccess = request.maintainersApproveAccess();
        }
        changedAt(now);
    }

    EnvironmentView toView() {
        return new EnvironmentView(getSlug(), name, production, position, cluster, namespaceTemplate, promotionRequired,
                autoRollback, accessApprovalsRequired, maintainersApproveAccess, getCreatedAt(), getUpdatedAt());
    }

    int getPosition() {
        return position;
    }
}
