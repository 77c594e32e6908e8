package dev.slipway.bench;

import dev.slipway.bench.CatalogDataset.ServiceRow;
import dev.slipway.bench.CatalogDataset.TeamRow;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a {@link CatalogDataset} straight into Slipway's tables with PostgreSQL COPY: going through
 * the API would take minutes for 20,000 services and measure the wrong thing.
 */
final class CatalogLoader {

    static final List<String> TABLES = List.of("team", "service", "service_cost_tag");

    private final DataSource dataSource;

    CatalogLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void load(CatalogDataset dataset) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            requireEmptyCatalog(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy team (slug, name, description, contact, created_at, updated_at) from stdin",
                    new StringReader(teamRows(dataset.teams())));
            Map<String, Long> teamIds = idsBySlug(connection, "team");
            copy.copyIn("copy service (slug, name, team_id, description, repository_url, image_repository, lifecycle, "
                    + "created_at, updated_at) from stdin", new StringReader(serviceRows(dataset.services(), teamIds)));
            Map<String, Long> serviceIds = idsBySlug(connection, "service");
            copy.copyIn("copy service_cost_tag (service_id, key, value) from stdin",
                    new StringReader(costTagRows(dataset.services(), serviceIds)));
            try (var statement = connection.createStatement()) {
                statement.execute("analyze");
            }
        }
    }

    Map<String, Long> rowCounts() throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : TABLES) {
                counts.put(table, count(connection, table));
            }
        }
        return counts;
    }

    private static void requireEmptyCatalog(Connection connection) throws SQLException {
        for (String table : TABLES) {
            if (count(connection, table) > 0) {
                throw new IllegalStateException(
                        "Table " + table + " is not empty: the benchmark needs a fresh database");
            }
        }
    }

    private static String teamRows(List<TeamRow> teams) {
        var rows = new StringBuilder();
        for (TeamRow team : teams) {
            row(rows, team.slug(), team.name(), "Services of the " + team.name() + " team.", "#team-" + team.slug(),
                    team.createdAt().toString(), team.createdAt().toString());
        }
        return rows.toString();
    }

    private static String serviceRows(List<ServiceRow> services, Map<String, Long> teamIds) {
        var rows = new StringBuilder();
        for (ServiceRow service : services) {
            String path = service.team().slug() + "/" + service.slug();
            row(rows, service.slug(), service.name(), teamIds.get(service.team().slug()).toString(),
                    service.description(), "https://git.example.com/" + path, "registry.example.com/" + path,
                    service.lifecycle(), service.createdAt().toString(), service.updatedAt().toString());
        }
        return rows.toString();
    }

    private static String costTagRows(List<ServiceRow> services, Map<String, Long> serviceIds) {
        var rows = new StringBuilder();
        for (ServiceRow service : services) {
            String id = serviceIds.get(service.slug()).toString();
            row(rows, id, "project", service.project());
            row(rows, id, "cost-center", service.team().costCenter());
        }
        return rows.toString();
    }

    /** One line of COPY's text format; the generated values hold no tab, newline or backslash to escape. */
    private static void row(StringBuilder rows, String... values) {
        rows.append(String.join("\t", values)).append('\n');
    }

    private static Map<String, Long> idsBySlug(Connection connection, String table) throws SQLException {
        var ids = new HashMap<String, Long>();
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("select id, slug from " + table)) {
            while (result.next()) {
                ids.put(result.getString("slug"), result.getLong("id"));
            }
        }
        return ids;
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("select count(*) from " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
