package dev.slipway.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that gives each line item its team, project, service and environment under the rules in
 * force, for the rollups and the FOCUS export alike. The tags are read once per line item (the items
 * are materialised), not once per use. It reads the catalog from the temporary
 * tables {@link CatalogSnapshot} fills, and the aliases.
 *
 * <p>A line item's team is its team tag (through an alias, if one maps it) when that names a
 * catalog team, else the team of the service its service tag names; without either it is
 * Unallocated, with the reason.
 */
final class AllocationQuery {

    private AllocationQuery() {
    }

    /**
     * A {@code with items as (…), resolved as (…)} clause over the line items matching
     * {@code condition} (on alias {@code li}); adds its parameters, in order, to {@code params}.
     * {@code resolved} has the line item columns asked for ({@code li.*} for all) plus team, project,
     * service, environment (null or empty where none) and {@code reason} (null when allocated).
     */
    static String resolved(AllocationKeys keys, String columns, String condition, List<Object> params) {
        var all = new ArrayList<Object>();
        String team = pick(keys.team(), all);
        String project = pick(keys.project(), all);
        String service = pick(keys.service(), all);
        String environment = pick(keys.environment(), all);
        params.addAll(0, all);
        return """
                with items as materialized (
                    select %s, lower(%s) as team_tag, lower(%s) as project_tag, lower(%s) as service_tag,
                           lower(%s) as env_tag
                    from cost_line_item li
                    where %s
                ),
                resolved as (
                    select i.*, s.slug as service, coalesce(t.slug, s.team) as team,
                           coalesce(pa.target, i.project_tag, s.project, '') as project,
                           coalesce(ea.target, i.env_tag, '') as environment,
                           case when coalesce(t.slug, s.team) is not null then null
                                when i.team_tag is not null then 'team tag ''' || i.team_tag || ''' matches no team'
                                when i.service_tag is not null
                                    then 'no team tag; service tag ''' || i.service_tag || ''' matches no service'
                                else 'no team tag' end as reason
                    from items i
                    left join cost_tag_alias ta on ta.dimension = 'team' and ta.tag_value = i.team_tag
                    left join cost_catalog_team t on t.slug = coalesce(ta.target, i.team_tag)
                    left join cost_tag_alias sa on sa.dimension = 'service' and sa.tag_value = i.service_tag
                    left join cost_catalog_service s on s.slug = coalesce(sa.target, i.service_tag)
                    left join cost_tag_alias pa on pa.dimension = 'project' and pa.tag_value = i.project_tag
                    left join cost_tag_alias ea on ea.dimension = 'environment' and ea.tag_value = i.env_tag
                )
                """.formatted(columns, team, project, service, environment, condition);
    }

    /** The first non-empty value among the tags with these keys, e.g. coalesce(tags->>'team', tags->>'owner'). */
    private static String pick(List<String> keys, List<Object> params) {
        if (keys.isEmpty()) {
            return "null::text";
        }
        var parts = new ArrayList<String>();
        for (String key : keys) {
            parts.add("nullif(btrim(li.tags ->> ?), '')");
            params.add(key);
        }
        return "coalesce(" + String.join(", ", parts) + ")";
    }
}
