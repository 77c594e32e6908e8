package dev.slipway.catalog;

import dev.slipway.shared.ConflictException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Environments in promotion order (dev → staging → prod). The portal and the API both go through here. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class EnvironmentCatalog {

    private final EnvironmentRepository environments;
    private final RequestValidator validator;
    private final Clock clock;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;

    /** All environments in promotion order; a company has a handful, so the list is not paged. */
    @Transactional(readOnly = true)
    public List<EnvironmentView> list() {
        access.require(Permission.CATALOG_READ);
        return environments.findAllByOrderByPosition().stream().map(Environment::toView).toList();
    }

    @Transactional(readOnly = true)
    public EnvironmentView get(String slug) {
        access.require(Permission.CATALOG_READ);
        return find(slug).toView();
    }

    /**
     * The environment's identity and deployment facts, for modules that refer to it by id. Checks no
     * right: the calling module decides what its own action needs.
     */
    @Transactional(readOnly = true)
    public EnvironmentRef ref(String slug) {
        Environment environment = find(slug);
        EnvironmentView view = environment.toView();
        return toRef(environment.getId(), view);
    }

    /** The environments in promotion order, as references. */
    @Transactional(readOnly = true)
    public List<EnvironmentRef> refs() {
        access.require(Permission.CATALOG_READ);
        return environments.findAllByOrderByPosition().stream().map(e -> toRef(e.getId(), e.toView())).toList();
    }

    private static EnvironmentRef toRef(long id, EnvironmentView view) {
        return new EnvironmentRef(id, view.slug(), view.name(), view.production(), view.position(), view.cluster(),
                view.namespace(), view.promotionRequired(), view.autoRollback(), view.accessApprovalsRequired(),
                view.maintainersApproveAccess());
    }

    public EnvironmentView create(EnvironmentRequest request) {
        access.require(Permission.ENVIRONMENT_WRITE, null, EnvironmentCreated.NAME, "environment", request.slug());
        validator.check(request);
        if (environments.existsBySlug(request.slug())) {
            throw ConflictException.duplicate("slug", "An environment with slug '" + request.slug() + "' already exists");
        }
        if (environments.existsByNameIgnoreCase(request.name().strip())) {
            throw ConflictException.duplicate("name", "An environment named '" + request.name().strip() + "' already exists");
        }
        int position = request.position() == null ? environments.maxPosition() + 1 : request.position();
        if (environments.existsByPosition(position)) {
            throw ConflictException.duplicate("position", "Position " + position + " is taken; pick a free one or leave it empty");
        }
        var environment = new Environment(request.slug(), clock.instant());
        environment.apply(request, position, clock.instant());
        EnvironmentView created = environments.saveAndFlush(environment).toView();
        events.publishEvent(new EnvironmentCreated(created));
        return created;
    }

    public EnvironmentView update(String slug, EnvironmentRequest request) {
        Environment environment = find(slug);
        access.require(Permission.ENVIRONMENT_WRITE, null, EnvironmentUpdated.NAME, "environment", slug);
        if (request.slug() != null && !request.slug().isBlank() && !request.slug().equals(slug)) {
            throw new InvalidInputException("slug", "cannot be changed (it is part of URLs and namespaces)");
        }
        var withSlug = new EnvironmentRequest(slug, request.name(), request.production(), request.position(),
                request.cluster(), request.namespace(), request.promotionRequired(), request.autoRollback(),
                request.accessApprovalsRequired(), request.maintainersApproveAccess());
        validator.check(withSlug);
        if (environments.existsByNameIgnoreCaseAndIdNot(request.name().strip(), environment.getId())) {
            throw ConflictException.duplicate("name", "An environment named '" + request.name().strip() + "' already exists");
        }
        int position = request.position() == null ? environment.getPosition() : request.position();
        if (environments.existsByPositionAndIdNot(position, environment.getId())) {
            throw ConflictException.duplicate("position", "Position " + position + " is taken by another environment");
        }
        EnvironmentView before = environment.toView();
        environment.apply(withSlug, position, clock.instant());
        environments.flush();
        events.publishEvent(new EnvironmentUpdated(before, environment.toView()));
        return environment.toView();
    }

    public void delete(String slug) {
        Environment environment = find(slug);
        access.require(Permission.ENVIRONMENT_WRITE, null, EnvironmentDeleted.NAME, "environment", slug);
        environments.delete(environment);
        environments.flush();
        events.publishEvent(new EnvironmentDeleted(environment.getId(), slug));
    }

    @Transactional(readOnly = true)
    public long count() {
        access.require(Permission.CATALOG_READ);
        return environments.count();
    }

    private Environment find(String slug) {
        return environments.findBySlug(slug).orElseThrow(() -> new NotFoundException("environment", slug));
    }
}
