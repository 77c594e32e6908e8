package dev.slipway.cost;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.catalog.TeamCatalog;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Copies the catalog's teams and services (with their team and project cost tag) into temporary
 * tables for the length of the transaction, so allocation SQL joins them without reading the
 * catalog module's tables.
 */
@Component
@RequiredArgsConstructor
class CatalogSnapshot {

    private final JdbcClient jdbc;
    private final ServiceCatalog services;
    private final TeamCatalog teams;

    @Transactional(propagation = Propagation.MANDATORY)
    void load() {
        jdbc.sql("create temp table if not exists cost_catalog_team (slug text primary key) on commit drop").update();
        jdbc.sql("create temp table if not exists cost_catalog_service (slug text primary key, team text not null, "
                + "project text) on commit drop").update();
        jdbc.sql("truncate cost_catalog_team, cost_catalog_service").update();
        jdbc.sql("insert into cost_catalog_team select unnest(?::text[])")
                .param(teams.allSlugs().toArray(String[]::new)).update();
        List<ServiceRef> all = services.allRefs();
        jdbc.sql("insert into cost_catalog_service select * from unnest(?::text[], ?::text[], ?::text[])")
                .params(all.stream().map(ServiceRef::slug).toArray(String[]::new),
                        all.stream().map(ServiceRef::team).toArray(String[]::new),
                        all.stream().map(s -> s.costTags().get("project")).toArray(String[]::new))
                .update();
    }
}
