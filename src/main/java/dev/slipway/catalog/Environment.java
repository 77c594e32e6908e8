package dev.slipway.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A place services are deployed to; environments are ordered, and releases are promoted along that order. */
@Entity
@Table(name = "environment")
class Environment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String slug;

    private String name;
    private boolean production;
    private int position;
    private String cluster;
    private String namespaceTemplate;
    private boolean promotionRequired;
    private boolean autoRollback;
    private int accessApprovalsRequired = 1;
    private boolean maintainersApproveAccess;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Environment() {
    }

    @SuppressWarnings("NullAway.Init") // apply() sets the remaining columns before the entity is saved
    Environment(String slug, Instant now) {
        this.slug = slug;
        this.createdAt = now;
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
        this.updatedAt = now;
    }

    EnvironmentView toView() {
        return new EnvironmentView(slug, name, production, position, cluster, namespaceTemplate, promotionRequired,
                autoRollback, accessApprovalsRequired, maintainersApproveAccess, createdAt, updatedAt);
    }

    Long getId() {
        return id;
    }

    String getSlug() {
        return slug;
    }

    int getPosition() {
        return position;
    }
}
