package dev.slipway.cost;

import static java.util.Objects.requireNonNull;

import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The allocation rules finance and administrators edit: tag keys per dimension, aliases and shared
 * rules. The only writer of their tables; each change is audited and starts a recomputation.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AllocationRules {

    private static final int MAX_KEY_LENGTH = 100;

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final TeamCatalog teams;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    @Transactional(readOnly = true)
    public AllocationSettings settings() {
        access.require(Permission.COSTS_READ, null, "cost-allocation.read", "cost-allocation", null);
        return new AllocationSettings(keys(), aliases(), sharedRules());
    }

    /** Internal read: the keys in force. */
    @Transactional(readOnly = true)
    AllocationKeys keys() {
        var byDimension = new LinkedHashMap<String, List<String>>();
        AllocationKeys.DIMENSIONS.forEach(d -> byDimension.put(d, new ArrayList<>()));
        jdbc.sql("select dimension, tag_key from cost_allocation_key order by dimension, position")
                .query((rs, i) -> requireNonNull(byDimension.get(rs.getString(1))).add(rs.getString(2))).list();
        return new AllocationKeys(requireNonNull(byDimension.get("team")), requireNonNull(byDimension.get("project")),
                requireNonNull(byDimension.get("service")), requireNonNull(byDimension.get("environment")));
    }

    public AllocationKeys updateKeys(AllocationKeys requested) {
        access.require(Permission.COSTS_WRITE, null, AllocationKeysChanged.NAME, "cost-allocation", "keys");
        var errors = new ArrayList<FieldError>();
        var cleaned = new LinkedHashMap<String, List<String>>();
        for (String dimension : AllocationKeys.DIMENSIONS) {
            List<String> keys = requested == null || requested.of(dimension) == null ? List.of() : requested.of(dimension);
            var normalised = new ArrayList<String>();
            for (String key : keys) {
                String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
                if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
                    errors.add(new FieldError(dimension, "each tag key must be 1 to " + MAX_KEY_LENGTH + " characters"));
                } else if (!normalised.contains(k)) {
                    normalised.add(k);
                }
            }
            if (dimension.equals("team") && normalised.isEmpty()) {
                errors.add(new FieldError("team", "name at least one tag key, e.g. team"));
            }
            cleaned.put(dimension, normalised);
        }
        RequestValidator.require(errors);
        AllocationKeys before = keys();
        jdbc.sql("delete from cost_allocation_key").update();
        cleaned.forEach((dimension, keys) -> {
            for (int i = 0; i < keys.size(); i++) {
                jdbc.sql("insert into cost_allocation_key (dimension, position, tag_key) values (?, ?, ?)")
                        .params(dimension, i + 1, keys.get(i)).update();
            }
        });
        AllocationKeys after = keys();
        events.publishEvent(new AllocationKeysChanged(before, after));
        events.publishEvent(new AllocationChanged("tag keys changed by " + access.current().username()));
        return after;
    }

    @Transactional(readOnly = true)
    List<TagAlias> aliases() {
        return jdbc.sql("select * from cost_tag_alias order by dimension, tag_value")
                .query((rs, i) -> new TagAlias(rs.getLong("id"), rs.getString("dimension"), rs.getString("tag_value"),
                        rs.getString("target"))).list();
    }

    public TagAlias addAlias(String dimension, String tagValue, String target) {
        access.require(Permission.COSTS_WRITE, null, TagAliasAdded.NAME, "cost-alias", null);
        var errors = new ArrayList<FieldError>();
        String d = dimension == null ? "" : dimension.strip().toLowerCase(Locale.ROOT);
        if (!AllocationKeys.DIMENSIONS.contains(d)) {
            errors.add(new FieldError("dimension", "must be one of " + String.join(", ", AllocationKeys.DIMENSIONS)));
        }
        String value = tagValue == null ? "" : tagValue.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > 200) {
            errors.add(new FieldError("tagValue", "must be 1 to 200 characters"));
        }
        String slug = target == null ? "" : target.strip().toLowerCase(Locale.ROOT);
        if (slug.isEmpty() || slug.length() > 100) {
            errors.add(new FieldError("target", "must be 1 to 100 characters"));
        } else if (d.equals("team") && !teams.exists(slug)) {
            errors.add(new FieldError("target", "no team '" + slug + "' exists"));
        }
        RequestValidator.require(errors);
        if (jdbc.sql("select count(*) from cost_tag_alias where dimension = ? and tag_value = ?").params(d, value)
                .query(Long.class).single() > 0) {
            throw ConflictException.duplicate("tagValue",
                    "The " + d + " tag value '" + value + "' already has an alias; remove it first");
        }
        long id = jdbc.sql("insert into cost_tag_alias (dimension, tag_value, target) values (?, ?, ?) returning id")
                .params(d, value, slug).query(Long.class).single();
        var added = new TagAlias(id, d, value, slug);
        events.publishEvent(new TagAliasAdded(added));
        events.publishEvent(new AllocationChanged("alias added by " + access.current().username()));
        return added;
    }

    public void removeAlias(long id) {
        access.require(Permission.COSTS_WRITE, null, TagAliasRemoved.NAME, "cost-alias", String.valueOf(id));
        TagAlias alias = aliases().stream().filter(a -> a.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("cost alias", String.valueOf(id)));
        jdbc.sql("delete from cost_tag_alias where id = ?").param(id).update();
        events.publishEvent(new TagAliasRemoved(alias));
        events.publishEvent(new AllocationChanged("alias removed by " + access.current().username()));
    }

    @Transactional(readOnly = true)
    List<SharedRule> sharedRules() {
        return jdbc.sql("select * from cost_shared_rule order by position, id")
                .query((rs, i) -> new SharedRule(rs.getLong("id"), rs.getString("name"), rs.getString("match_project"),
                        rs.getString("match_category"), rs.getString("match_provider_service"), rs.getString("method"),
                        json.readValue(rs.getString("shares"), new TypeReference<Map<String, BigDecimal>>() { })))
                .list();
    }

    public SharedRule addSharedRule(SharedRuleRequest request) {
        access.require(Permission.COSTS_WRITE, null, SharedRuleAdded.NAME, "cost-shared-rule", null);
        var errors = new ArrayList<FieldError>();
        if (request.name() == null || request.name().isBlank() || request.name().strip().length() > 100) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        String project = lowerOrNull(request.matchProject());
        String category = blankToNull(request.matchCategory());
        String providerService = blankToNull(request.matchProviderService());
        if (project == null && category == null && providerService == null) {
            errors.add(new FieldError("matchProject", "name a project, a service category or a provider service to match"));
        }
        String method = request.method() == null ? "" : request.method().strip().toUpperCase(Locale.ROOT);
        Map<String, BigDecimal> shares = request.shares() == null ? Map.of() : new TreeMap<>(request.shares());
        if (!method.equals("PROPORTIONAL") && !method.equals("FIXED")) {
            errors.add(new FieldError("method", "must be PROPORTIONAL (by each team's direct spend) or FIXED (percentages)"));
        } else if (method.equals("FIXED")) {
            List<String> known = teams.allSlugs();
            BigDecimal sum = BigDecimal.ZERO;
            for (var share : shares.entrySet()) {
                if (!known.contains(share.getKey())) {
                    errors.add(new FieldError("shares", "no team '" + share.getKey() + "' exists"));
                }
                if (share.getValue() == null || share.getValue().signum() <= 0) {
                    errors.add(new FieldError("shares", "the share of '" + share.getKey() + "' must be above 0"));
                } else {
                    sum = sum.add(share.getValue());
                }
            }
            if (sum.compareTo(BigDecimal.valueOf(100)) != 0) {
                errors.add(new FieldError("shares", "the percentages must add up to 100, not " + sum.toPlainString()));
            }
        } else {
            shares = Map.of();
        }
        RequestValidator.require(errors);
        String name = requireNonNull(request.name()).strip(); // checked above
        if (jdbc.sql("select count(*) from cost_shared_rule where lower(name) = lower(?)").param(name)
                .query(Long.class).single() > 0) {
            throw ConflictException.duplicate("name", "a shared rule named '" + name
                    + "' exists already; choose another name or remove that rule first");
        }
        long id = jdbc.sql("""
                insert into cost_shared_rule (name, match_project, match_category, match_provider_service, method, shares, position)
                values (?, ?, ?, ?, ?, ?::jsonb, (select coalesce(max(position), 0) + 1 from cost_shared_rule)) returning id""")
                .params(name, project, category, providerService, method, json.writeValueAsString(shares))
                .query(Long.class).single();
        SharedRule created = sharedRules().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        events.publishEvent(new SharedRuleAdded(created));
        events.publishEvent(new AllocationChanged("shared rule added by " + access.current().username()));
        return created;
    }

    public void removeSharedRule(long id) {
        access.require(Permission.COSTS_WRITE, null, SharedRuleRemoved.NAME, "cost-shared-rule", String.valueOf(id));
        SharedRule rule = sharedRules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("shared cost rule", String.valueOf(id)));
        jdbc.sql("delete from cost_shared_rule where id = ?").param(id).update();
        events.publishEvent(new SharedRuleRemoved(rule));
        events.publishEvent(new AllocationChanged("shared rule removed by " + access.current().username()));
    }

    private static @Nullable String lowerOrNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
