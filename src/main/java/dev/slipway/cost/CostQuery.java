package dev.slipway.cost;

import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a cost report asks: spend from {@code from} (inclusive) to {@code to} (exclusive), per day or
 * month, grouped by one dimension, optionally narrowed to one team, project, service, environment,
 * provider, category or allocation (DIRECT, SHARED, UNALLOCATED).
 */
public record CostQuery(LocalDate from, LocalDate to, Granularity granularity, Dimension groupBy, @Nullable String team,
        @Nullable String project, @Nullable String service, @Nullable String environment, @Nullable String provider, @Nullable String category, @Nullable String allocation) {

    public enum Granularity { DAY, MONTH }

    /** What rows are grouped by; the column each reads in the rollups. */
    public enum Dimension {
        TEAM("team"), PROJECT("project"), SERVICE("service"), ENVIRONMENT("environment"), PROVIDER("provider"),
        CATEGORY("service_category"), PROVIDER_SERVICE("provider_service"), ALLOCATION("allocation"), REASON("reason");

        final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String id() {
            return name().equals("PROVIDER_SERVICE") ? "providerService" : name().toLowerCase(Locale.ROOT);
        }

        public static Dimension of(String id) {
            for (Dimension d : values()) {
                if (d.id().equalsIgnoreCase(id) || d.name().equalsIgnoreCase(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("is not a dimension; use one of team, project, service, environment, "
                    + "provider, category, providerService, allocation, reason");
        }
    }

    public CostQuery withGroupBy(Dimension dimension) {
        return new CostQuery(from, to, granularity, dimension, team, project, service, environment, provider, category,
                allocation);
    }
}
