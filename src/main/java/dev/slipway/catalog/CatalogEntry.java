package dev.slipway.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What every catalog entry has: an id, a slug that never changes, when it was made and last changed. */
@MappedSuperclass
abstract class CatalogEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String slug;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected CatalogEntry() {
    }

    CatalogEntry(String slug, Instant now) {
        this.slug = slug;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    void changedAt(Instant now) {
        this.updatedAt = now;
    }

    Long getId() {
        return id;
    }

    String getSlug() {
        return slug;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
