package dev.slipway.deploy;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.IdempotencyKeys;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Releases: immutable, versioned images of a service, registered by CI or by hand. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Releases {

    private static final String COLUMNS = "r.id, s.slug as service, r.version, r.image, r.git_sha, r.commit_time, "
            + "r.notes, r.link, r.created_by_name as created_by, r.created_at";

    /** A release and whether this call created it (false when an Idempotency-Key replayed an earlier one). */
    public record Registered(ReleaseView release, boolean created) {
    }

    private final JdbcClient jdbc;
    private final ServiceCatalog services;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Registered register(String serviceSlug, ReleaseRequest request, @Nullable String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        ServiceRef service = services.ref(serviceSlug);
        access.require(Permission.RELEASE_WRITE, service.team(), ReleaseRegistered.NAME, "service", serviceSlug);
        Actor actor = access.current();
        Optional<ReleaseView> replayed = replay(actor, idempotencyKey, service, request);
        if (replayed.isPresent()) {
            return new Registered(replayed.get(), false);
        }
        return new Registered(insert(service, request, actor, idempotencyKey, clock.instant()), true);
    }

    @Transactional(readOnly = true)
    public Page<ReleaseView> list(String serviceSlug, Pageable page) {
        access.require(Permission.CATALOG_READ);
        ServiceRef service = services.ref(serviceSlug);
        long total = jdbc.sql("select count(*) from release where service_id = ?").param(service.id())
                .query(Long.class).single();
        List<ReleaseView> items = jdbc.sql("select " + COLUMNS + " from release r join catalog_services s on s.id = r.service_id "
                        + "where r.service_id = ? order by r.created_at desc, r.id desc limit ? offset ?")
                .params(service.id(), page.getPageSize(), page.getOffset())
                .query(ReleaseView.class).list();
        return new PageImpl<>(items, page, total);
    }

    @Transactional(readOnly = true)
    public ReleaseView get(String serviceSlug, String version) {
        access.require(Permission.CATALOG_READ);
        ServiceRef service = services.ref(serviceSlug);
        return jdbc.sql("select " + COLUMNS + " from release r join catalog_services s on s.id = r.service_id "
                        + "where r.service_id = ? and r.version = ?")
                .params(service.id(), version).query(ReleaseView.class).optional()
                .orElseThrow(() -> new NotFoundException("release", serviceSlug + " " + version));
    }

    /** Removes the releases of a service the catalog is deleting (its deployments went first). */
    void removeAll(long serviceId) {
        jdbc.sql("delete from release where service_id = ?").param(serviceId).update();
    }

    /**
     * The release of a past deployment: the service's existing release of this version, or a new one registered as
     * of {@code createdAt} with its commit time. Asks no right: {@link DeploymentHistory} asked the policy.
     */
    long pastRelease(ServiceRef service, String version, @Nullable Instant commitTime, Instant createdAt) {
        Optional<Long> existing = jdbc.sql("select id from release where service_id = ? and version = ?")
                .params(service.id(), version).query(Long.class).optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        var request = new ReleaseRequest(version, null, null, null, commitTime, null, null);
        return insert(service, request, access.current(), null, createdAt).id();
    }

    /** Checks and registers a release as of {@code createdAt}, and tells the other modules. */
    private ReleaseView insert(ServiceRef service, ReleaseRequest request, Actor actor, @Nullable String idempotencyKey,
            Instant createdAt) {
        validator.check(request);
        String image = image(imageRepositoryOf(service), request);
        long id;
        try {
            id = jdbc.sql("""
                    insert into release (service_id, version, image, git_sha, commit_time, notes, link, created_by,
                        created_by_name, idempotency_key, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(service.id(), request.version(), image, blankToNull(request.gitSha()),
                            request.commitTime() == null ? null : Timestamp.from(request.commitTime()),
                            blankToNull(request.notes()), blankToNull(request.link()), actor.userId(), actor.username(),
                            blankToNull(idempotencyKey), Timestamp.from(createdAt))
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw ConflictException.duplicate("version", "Service '" + service.slug() + "' already has a release "
                    + request.version() + "; releases never change, so register a new version");
        }
        ReleaseView created = get(id);
        events.publishEvent(new ReleaseRegistered(created));
        return created;
    }

    private static String imageRepositoryOf(ServiceRef service) {
        String repository = service.imageRepository();
        if (repository == null) {
            throw new InvalidInputException("image", "service '" + service.slug()
                    + "' has no container image repository yet; set it on the service first");
        }
        return repository;
    }

    ReleaseView get(long id) {
        return jdbc.sql("select " + COLUMNS + " from release r join catalog_services s on s.id = r.service_id where r.id = ?")
                .param(id).query(ReleaseView.class).single();
    }

    private Optional<ReleaseView> replay(Actor actor, @Nullable String key, ServiceRef service, ReleaseRequest request) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        IdempotencyKeys.lock(jdbc, "release", actor.userId(), key.strip());
        Optional<Long> earlier = jdbc.sql("select id from release where created_by = ? and idempotency_key = ?")
                .params(actor.userId(), key.strip()).query(Long.class).optional();
        return earlier.map(id -> {
            ReleaseView release = get(id);
            List<String> changed = changedFields(release, service, request);
            if (!changed.isEmpty()) {
                throw new ConflictException("The Idempotency-Key '" + key + "' was already used for release "
                        + release.service() + " " + release.version() + ", which differs in " + String.join(", ", changed)
                        + "; send the same request again, or use a new key for a different one");
            }
            return release;
        });
    }

    /** What a retried request asks differently from the release its key made. */
    private static List<String> changedFields(ReleaseView release, ServiceRef service, ReleaseRequest request) {
        var changed = new ArrayList<String>();
        if (!release.service().equals(service.slug())) {
            changed.add("service");
        }
        if (!release.version().equals(request.version())) {
            changed.add("version");
        }
        if (service.imageRepository() != null && !release.image().equals(image(service.imageRepository(), request))) {
            changed.add("tag or digest");
        }
        if (!Objects.equals(release.gitSha(), blankToNull(request.gitSha()))) {
            changed.add("gitSha");
        }
        Instant commitTime = request.commitTime() == null ? null : request.commitTime().truncatedTo(ChronoUnit.MICROS);
        if (!Objects.equals(release.commitTime(), commitTime)) {
            changed.add("commitTime");
        }
        if (!Objects.equals(release.notes(), blankToNull(request.notes()))) {
            changed.add("notes");
        }
        if (!Objects.equals(release.link(), blankToNull(request.link()))) {
            changed.add("link");
        }
        return changed;
    }

    static String image(String repository, ReleaseRequest request) {
        String tag = request.tag() == null || request.tag().isBlank() ? request.version() : request.tag();
        String digest = request.digest() == null || request.digest().isBlank() ? "" : "@" + request.digest();
        return repository + ":" + tag + digest;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
