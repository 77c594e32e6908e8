package dev.slipway.bench;

import dev.slipway.bench.StatementRecorder.Parameter;
import dev.slipway.bench.StatementRecorder.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * For {@code --explain}: sends one request of each scenario (and, where a scenario has one, a search
 * that matches nothing, which has to look at every row), and runs each query it sent again under
 * {@code EXPLAIN (ANALYZE, BUFFERS)} with the same parameters, twice: planned for those parameters,
 * and as the generic plan of a prepared statement.
 *
 * <p>The generic plan matters because it is the one Slipway usually runs: the JDBC driver turns a
 * statement into a server-side prepared statement from its 5th execution, and PostgreSQL then plans
 * it once for any parameters when, after 5 more executions, that plan's estimated cost is the lower.
 */
final class QueryPlans {

    private static final String PREPARED_NAME = "slipway_bench_plan";

    private final StatementRecorder recorder;
    private final DataSource dataSource;
    private final SlipwayClient client;

    QueryPlans(StatementRecorder recorder, DataSource dataSource, SlipwayClient client) {
        this.recorder = recorder;
        this.dataSource = dataSource;
        this.client = client;
    }

    String explain(List<Scenario> scenarios) throws Exception {
        var summary = new StringBuilder("""
                # Query plans of the services list with 20,000 services

                | Request | Query | ms, planned for the parameters | ms, generic plan |
                |---|---|--:|--:|
                """);
        var details = new StringBuilder();
        for (Scenario scenario : scenarios) {
            for (Probe probe : samples(scenario)) {
                details.append("\n## ").append(scenario.name()).append(": GET ").append(probe.path()).append('\n');
                recorder.start();
                client.timedGet(probe);
                for (Query query : recorder.stop()) {
                    List<String> custom = customPlan(query);
                    List<String> generic = query.parameters().isEmpty() ? List.of() : genericPlan(query);
                    summary.append(String.format("| `%s` | `%s…` | %s | %s |%n", probe.path(), opening(query.sql()),
                            executionMillis(custom), executionMillis(generic)));
                    details.append(section(query, custom, generic));
                }
            }
        }
        return summary.append(details).toString();
    }

    private static List<Probe> samples(Scenario scenario) {
        var samples = new ArrayList<Probe>();
        samples.add(scenario.probes().get(0));
        scenario.probes().stream().filter(probe -> probe.expectedTotal() == 0).findFirst().ifPresent(samples::add);
        return samples;
    }

    private List<String> customPlan(Query query) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("explain (analyze, buffers) " + query.sql())) {
            for (Parameter parameter : query.parameters()) {
                parameter.setter().invoke(explain, parameter.arguments());
            }
            return lines(explain.executeQuery());
        }
    }

    private List<String> genericPlan(Query query) throws SQLException {
        String arguments = query.parameters().stream().map(Parameter::literal).collect(Collectors.joining(", "));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("prepare " + PREPARED_NAME + " as " + numberedParameters(query.sql()));
            try {
                statement.execute("set plan_cache_mode = force_generic_plan");
                return lines(statement.executeQuery(
                        "explain (analyze, buffers) execute " + PREPARED_NAME + "(" + arguments + ")"));
            } finally {
                // The connection goes back to Slipway's pool: leave it as it was.
                statement.execute("deallocate " + PREPARED_NAME);
                statement.execute("reset plan_cache_mode");
            }
        }
    }

    private static String section(Query query, List<String> custom, List<String> generic) {
        var text = new StringBuilder("\n```sql\n").append(query.sql().strip()).append("\n```\n");
        if (!query.parameters().isEmpty()) {
            text.append("\nParameters: ")
                    .append(query.parameters().stream().map(Parameter::toString).collect(Collectors.joining(", ")))
                    .append("\n\nPlanned for these parameters:\n");
        }
        text.append("\n```\n").append(String.join("\n", custom)).append("\n```\n");
        if (!generic.isEmpty()) {
            text.append("\nGeneric plan:\n\n```\n").append(String.join("\n", generic)).append("\n```\n");
        }
        return text.toString();
    }

    /** JDBC's {@code ?} placeholders as PREPARE's {@code $1, $2, …}; the queries have no {@code ?} in literals. */
    private static String numberedParameters(String sql) {
        var numbered = new StringBuilder();
        int parameter = 0;
        boolean inLiteral = false;
        for (char c : sql.toCharArray()) {
            inLiteral ^= c == '\'';
            if (c == '?' && !inLiteral) {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    private static List<String> lines(ResultSet rows) throws SQLException {
        try (rows) {
            var lines = new ArrayList<String>();
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
            return lines;
        }
    }

    private static String executionMillis(List<String> plan) {
        return plan.stream().filter(line -> line.startsWith("Execution Time:"))
                .map(line -> line.replaceAll("[^0-9.]", ""))
                .findFirst().orElse("–");
    }

    private static String opening(String sql) {
        String words = sql.strip().replaceAll("\\s+", " ");
        return words.substring(0, Math.min(48, words.length()));
    }
}
