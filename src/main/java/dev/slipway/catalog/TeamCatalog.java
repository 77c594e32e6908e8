package dev.slipway.catalog;

import dev.slipway.shared.ConflictException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.identity.UserDirectory;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Teams: who owns which services. The portal and the API both go through here. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class TeamCatalog {

    private final TeamRepository teams;
    private final JdbcClient jdbc;
    private final RequestValidator validator;
    private final Clock clock;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final UserDirectory members;

    @Transactional(readOnly = true)
    public Page<TeamView> list(String query, Pageable page) {
        access.require(Permission.CATALOG_READ);
        String pattern = SearchPatterns.contains(query);
        long total = jdbc.sql("""
                select count(*) from team t
                where (:pattern::text is null or t.slug like :pattern or lower(t.name) like :pattern)
                """).param("pattern", pattern).query(Long.class).single();
        List<TeamView> items = jdbc.sql("""
                select t.slug, t.name, t.description, t.contact, t.created_at, t.updated_at,
                       (select count(*) from service s where s.team_id = t.id) as service_count
                from team t
                where (:pattern::text is null or t.slug like :pattern or lower(t.name) like :pattern)
                order by t.slug
                limit :limit offset :offset
                """)
                .param("pattern", pattern)
                .param("limit", page.getPageSize())
                .param("offset", page.getOffset())
                .query(TeamView.class)
                .list();
        return new PageImpl<>(items, page, total);
    }

    /** Every team, for pickers; small enough to list whole. */
    @Transactional(readOnly = true)
    public List<TeamRef> all() {
        access.require(Permission.CATALOG_READ);
        return teams.findAllByOrderBySlug().stream().map(t -> new TeamRef(t.getSlug(), t.getName())).toList();
    }

    /** Every team's slug, for cost allocation; checks no right (an internal read). */
    @Transactional(readOnly = true)
    public List<String> allSlugs() {
        return teams.findAllByOrderBySlug().stream().map(Team::getSlug).toList();
    }

    /** Whether a team of this slug exists; checks no right (an internal read). */
    @Transactional(readOnly = true)
    public boolean exists(String slug) {
        return teams.existsBySlug(slug);
    }

    @Transactional(readOnly = true)
    public long count() {
        access.require(Permission.CATALOG_READ);
        return teams.count();
    }

    @Transactional(readOnly = true)
    public TeamView get(String slug) {
        access.require(Permission.CATALOG_READ);
        Team team = find(slug);
        return team.toView(serviceCount(team));
    }

    public TeamView create(TeamRequest request) {
        access.require(Permission.TEAM_CREATE, null, TeamCreated.NAME, "team", request.slug());
        validator.check(request);
        if (teams.existsBySlug(request.slug())) {
            throw ConflictException.duplicate("slug", "A team with slug '" + request.slug() + "' already exists");
        }
        requireUniqueName(request.name(), null);
        Team team = new Team(request.slug(), clock.instant());
        team.apply(request, clock.instant());
        TeamView created = teams.saveAndFlush(team).toView(0);
        events.publishEvent(new TeamCreated(created));
        return created;
    }

    public TeamView update(String slug, TeamRequest request) {
        Team team = find(slug);
        access.require(Permission.TEAM_MANAGE, slug, TeamUpdated.NAME, "team", slug);
        validator.check(withSlug(request, slug));
        requireUniqueName(request.name(), team.getId());
        TeamView before = team.toView(0);
        team.apply(request, clock.instant());
        teams.flush();
        events.publishEvent(new TeamUpdated(before, team.toView(0)));
        return team.toView(serviceCount(team));
    }

    public void delete(String slug) {
        // Locked before the checks: a service account or token being tied to the team meanwhile is either seen
        // below or, waiting on the lock, finds the team gone (identity asks through CatalogTeamDirectory).
        Team team = teams.findBySlugForUpdate(slug).orElseThrow(() -> new NotFoundException("team", slug));
        access.require(Permission.TEAM_DELETE, slug, TeamDeleted.NAME, "team", slug);
        long services = serviceCount(team);
        if (services > 0) {
            throw new ConflictException("Team '" + slug + "' still owns " + services + (services == 1 ? " service" : " services")
                    + ". Move them to another team or delete them first.");
        }
        List<String> serviceAccounts = members.enabledServiceAccountsOf(slug);
        if (!serviceAccounts.isEmpty()) {
            boolean one = serviceAccounts.size() == 1;
            throw new ConflictException("Team '" + slug + "' still has the enabled service account" + (one ? " " : "s ")
                    + String.join(", ", serviceAccounts) + ". Disable " + (one ? "it" : "them")
                    + " under Admin → Service accounts first: the CI scripts using " + (one ? "it" : "them")
                    + " stop working.");
        }
        teams.delete(team);
        teams.flush();
        members.teamDeleted(slug);
        events.publishEvent(new TeamDeleted(slug));
    }

    Team find(String slug) {
        return teams.findBySlug(slug).orElseThrow(() -> new NotFoundException("team", slug));
    }

    Team findById(Long id) {
        return teams.findById(id).orElseThrow(() -> new NotFoundException("team", String.valueOf(id)));
    }

    private long serviceCount(Team team) {
        return jdbc.sql("select count(*) from service where team_id = ?").param(team.getId()).query(Long.class).single();
    }

    private void requireUniqueName(String name, @Nullable Long exceptId) {
        boolean taken = exceptId == null ? teams.existsByNameIgnoreCase(name.strip())
                : teams.existsByNameIgnoreCaseAndIdNot(name.strip(), exceptId);
        if (taken) {
            throw ConflictException.duplicate("name", "A team named '" + name.strip() + "' already exists");
        }
    }

    /** The slug of an existing team comes from the path; a different one in the body is a mistake. */
    private static TeamRequest withSlug(TeamRequest request, String slug) {
        if (request.slug() != null && !request.slug().isBlank() && !request.slug().equals(slug)) {
            throw new InvalidInputException("slug", "cannot be changed (it is part of URLs and Kubernetes labels)");
        }
        return new TeamRequest(slug, request.name(), request.description(), request.contact());
    }
}
