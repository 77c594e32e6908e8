package dev.slipway.catalog;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Services: the catalog's main records. The portal and the API both go through here. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ServiceCatalog {

    private final ServiceRepository services;
    private final TeamCatalog teams;
    private final JdbcClient jdbc;
    private final RequestValidator validator;
    private final Clock clock;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;

    /**
     * One page of services and the total matching: one statement, so one snapshot and one round trip, and no
     * transaction of its own to open and close (it joins one that is underway).
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Page<ServiceView> list(ServiceFilter filter, Pageable page) {
        access.require(Permission.CATALOG_READ);
        var params = new HashMap<String, Object>();
        String where = where(filter, params);
        long[] total = {0};
        // The page is found on the service table's indexes alone; only its rows are joined and given their tags.
        // The total comes along on every row, and on a row of nulls when the page is past the end.
        List<ServiceView> items = jdbc.sql("""
                with total as (select count(*) as n from service s %1$s),
                     page as (select s.id, s.slug from service s %1$s order by s.slug limit :limit offset :offset)
                select total.n as total_items, s.slug, s.name, t.slug as team_slug, t.name as team_name,
                       s.description, s.repository_url, s.image_repository, s.lifecycle, s.created_at, s.updated_at,
                       (select string_agg(c.key || '=' || c.value, E'\\n' order by c.key)
                          from service_cost_tag c where c.service_id = s.id) as cost_tags
                from total left join (page p join service s on s.id = p.id join team t on t.id = s.team_id) on true
                order by p.slug""".formatted(where))
                .params(params)
                .param("limit", page.getPageSize())
                .param("offset", page.getOffset())
                .query((rs, i) -> {
                    total[0] = rs.getLong("total_items");
                    return rs.getString("slug") == null ? Optional.<ServiceView>empty() : Optional.of(toView(rs));
                })
                .list().stream().flatMap(Optional::stream).toList();
        return new PageImpl<>(items, page, total[0]);
    }

    // Only the filters given become SQL, so PostgreSQL plans each combination for what it is.
    private static String where(ServiceFilter filter, Map<String, Object> params) {
        var conditions = new ArrayList<String>();
        String pattern = SearchPatterns.contains(filter.query());
        if (pattern != null) {
            conditions.add("(s.slug like :pattern or lower(s.name) like :pattern)");
            params.put("pattern", pattern);
        }
        if (filter.team() != null) {
            conditions.add("s.team_id = (select id from team where slug = :team)");
            params.put("team", filter.team());
        }
        if (filter.lifecycle() != null) {
            conditions.add("s.lifecycle = :lifecycle");
            params.put("lifecycle", filter.lifecycle().name());
        }
        return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
    }

    @Transactional(readOnly = true)
    public ServiceView get(String slug) {
        access.require(Permission.CATALOG_READ);
        ServiceEntry service = find(slug);
        return service.toView(teams.findById(service.getTeamId()));
    }

    /**
     * The service's identity and deployment facts, for modules that refer to it by id. Checks no
     * right: the calling module decides what its own action needs.
     */
    @Transactional(readOnly = true)
    public ServiceRef ref(String slug) {
        ServiceEntry service = find(slug);
        Team owner = teams.findById(service.getTeamId());
        ServiceView view = service.toView(owner);
        return new ServiceRef(service.getId(), view.slug(), view.name(), owner.getSlug(), view.imageRepository(),
                view.costTags());
    }

    /**
     * Every service with its team and cost tags, for cost allocation. Checks no right: the cost
     * module reads it on its own behalf, not for a caller.
     */
    @Transactional(readOnly = true)
    public List<ServiceRef> allRefs() {
        return jdbc.sql("""
                select s.id, s.slug, s.name, t.slug as team_slug, s.image_repository,
                       (select string_agg(c.key || '=' || c.value, E'\\n' order by c.key)
                          from service_cost_tag c where c.service_id = s.id) as cost_tags
                from service s join team t on t.id = s.team_id order by s.slug""")
                .query((rs, i) -> new ServiceRef(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                        rs.getString("team_slug"), rs.getString("image_repository"), tags(rs.getString("cost_tags"))))
                .list();
    }

    @Transactional(readOnly = true)
    public long count() {
        access.require(Permission.CATALOG_READ);
        return services.count();
    }

    public ServiceView create(ServiceRequest request) {
        check(request);
        if (services.existsBySlug(request.slug())) {
            throw ConflictException.duplicate("slug", "A service with slug '" + request.slug() + "' already exists");
        }
        Team owner = owner(request.team());
        access.require(Permission.SERVICE_WRITE, owner.getSlug(), ServiceCreated.NAME, "service", request.slug());
        requireUniqueName(request.name(), null);
        var service = new ServiceEntry(request.slug(), clock.instant());
        service.apply(request, owner, clock.instant());
        ServiceView created = services.saveAndFlush(service).toView(owner);
        events.publishEvent(new ServiceCreated(created));
        return created;
    }

    public ServiceView update(String slug, ServiceRequest request) {
        ServiceEntry service = find(slug);
        Team currentOwner = teams.findById(service.getTeamId());
        access.require(Permission.SERVICE_WRITE, currentOwner.getSlug(), ServiceUpdated.NAME, "service", slug);
        if (request.slug() != null && !request.slug().isBlank() && !request.slug().equals(slug)) {
            throw new InvalidInputException("slug", "cannot be changed (it is part of URLs and Kubernetes labels)");
        }
        var withSlug = new ServiceRequest(slug, request.name(), request.team(), request.description(),
                request.repositoryUrl(), request.imageRepository(), request.lifecycle(), request.costTags());
        check(withSlug);
        Team owner = owner(request.team());
        access.require(Permission.SERVICE_WRITE, owner.getSlug(), ServiceUpdated.NAME, "service", slug);
        requireUniqueName(request.name(), service.getId());
        ServiceView before = service.toView(currentOwner);
        service.apply(withSlug, owner, clock.instant());
        services.flush();
        ServiceView after = service.toView(owner);
        events.publishEvent(new ServiceUpdated(before, after));
        return after;
    }

    public void delete(String slug) {
        ServiceEntry service = find(slug);
        access.require(Permission.SERVICE_WRITE, teams.findById(service.getTeamId()).getSlug(), ServiceDeleted.NAME,
                "service", slug);
        services.delete(service);
        services.flush();
        events.publishEvent(new ServiceDeleted(service.getId(), slug));
    }

    private ServiceEntry find(String slug) {
        return services.findBySlug(slug).orElseThrow(() -> new NotFoundException("service", slug));
    }

    /** Every rule the request breaks, without changing anything. */
    public List<FieldError> validate(ServiceRequest request) {
        var errors = new ArrayList<FieldError>();
        try {
            validator.check(request);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        errors.addAll(CostTags.check(request.costTags()));
        return errors;
    }

    private void check(ServiceRequest request) {
        RequestValidator.require(validate(request));
    }

    private Team owner(String teamSlug) {
        try {
            return teams.find(teamSlug);
        } catch (NotFoundException e) {
            throw new InvalidInputException("team", "no team '" + teamSlug + "' exists; create it first or pick another");
        }
    }

    private void requireUniqueName(String name, @Nullable Long exceptId) {
        boolean taken = exceptId == null ? services.existsByNameIgnoreCase(name.strip())
                : services.existsByNameIgnoreCaseAndIdNot(name.strip(), exceptId);
        if (taken) {
            throw ConflictException.duplicate("name", "A service named '" + name.strip() + "' already exists");
        }
    }

    private static Map<String, String> tags(String text) {
        Map<String, String> tags = new TreeMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                tags.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return tags;
    }

    private static ServiceView toView(ResultSet rs) throws SQLException {
        Map<String, String> tags = tags(rs.getString("cost_tags"));
        return new ServiceView(rs.getString("slug"), rs.getString("name"),
                new TeamRef(rs.getString("team_slug"), rs.getString("team_name")), rs.getString("description"),
                rs.getString("repository_url"), rs.getString("image_repository"),
                Lifecycle.valueOf(rs.getString("lifecycle")), tags, rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

}
