package dev.slipway.cost.api;

import dev.slipway.cost.ClusterEstimateView;
import dev.slipway.cost.ClusterEstimates;
import dev.slipway.cost.CostExport;
import dev.slipway.cost.CostMover;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReport;
import dev.slipway.cost.CostReports;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Costs", description = "Spend per team, project, service, environment, provider and category")
@ApiErrorResponses
@RequiredArgsConstructor
class CostApiController {

    private final CostReports reports;
    private final CostExport export;
    private final ClusterEstimates estimates;
    private final Clock clock;

    @GetMapping("/api/v1/costs")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Spend grouped by one dimension, per day or month (scope costs:read)",
            description = "`groupBy`: team (default), project, service, environment, provider, category, "
                    + "providerService, allocation, reason. `from` (inclusive) and `to` (exclusive) are dates; the "
                    + "default is the last six months including this one. `granularity`: month (default) or day. "
                    + "Narrow with `team` (or `Unallocated`), `project`, `service`, `environment`, `provider`, "
                    + "`category`, `allocation` (direct, shared, unallocated). A cost is placed by when it was "
                    + "incurred (ChargePeriodStart) and spread over the days it spans. Currencies are never "
                    + "converted: each row and total names its currency. Developers see only their teams.")
    CostReport costs(@RequestParam(required = false) String groupBy, @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) CostQuery.Granularity granularity,
            @RequestParam(required = false) String team, @RequestParam(required = false) String project,
            @RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String provider, @RequestParam(required = false) String category,
            @RequestParam(required = false) String allocation) {
        return reports.report(query(groupBy, from, to, granularity, team, project, service, environment, provider,
                category, allocation, clock));
    }

    @GetMapping("/api/v1/costs/movers")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "The groups whose billed cost changed most from the previous month to `month`",
            description = "`month`: any day of it (default: this month); `groupBy` as for /api/v1/costs; `limit` 1–50.")
    List<CostMover> movers(@RequestParam(required = false) String groupBy,
            @RequestParam(required = false) LocalDate month, @RequestParam(defaultValue = "10") int limit,
            @RequestParam(required = false) String team) {
        if (limit < 1 || limit > 50) {
            throw new InvalidInputException("limit", "must be between 1 and 50");
        }
        LocalDate current = month != null ? checked("month", month) : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return reports.movers(query(groupBy, null, null, null, team, null, null, null, null, null, null, clock),
                current, limit);
    }

    @GetMapping("/api/v1/costs/estimates")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Estimated cluster cost of the services Slipway deploys, per day (scope costs:read)",
            description = "CPU and memory requests × replicas × the cluster's hourly rates "
                    + "(`slipway.cost.cluster-rates.<cluster>.*`), for each service and environment whose latest "
                    + "deployment succeeded. An estimate, kept apart from billed cost and never added to it. "
                    + "`from` (inclusive) and `to` (exclusive); default this month. Developers name their `team`.")
    List<ClusterEstimateView> estimates(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String team) {
        Period period = period(from, to);
        if (!period.end().isAfter(period.start())) {
            throw new InvalidInputException("to", "must be after from (to is exclusive)");
        }
        return estimates.list(period.start(), period.end(), blank(team));
    }

    @GetMapping(path = "/api/v1/costs/export", produces = "text/csv")
    @ApiResponse(responseCode = "200", description = "The line items as FOCUS CSV, streamed")
    @Operation(summary = "Allocated line items as FOCUS CSV (scope costs:read)",
            description = "Every line item whose ChargePeriodStart falls in [`from`, `to`), FOCUS columns plus "
                    + "Slipway's allocation: `x_SlipwayTeam`, `x_SlipwayProject`, `x_SlipwayService`, "
                    + "`x_SlipwayEnvironment` and `x_SlipwayUnallocatedReason`. Narrow to one `team` (developers "
                    + "must). Defaults: this month.")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String team) {
        Period period = period(from, to);
        LocalDate start = period.start();
        LocalDate end = period.end();
        String narrowed = blank(team);
        export.check(start, end, narrowed);
        var security = SecurityContextHolder.getContext();
        StreamingResponseBody body = out -> {
            SecurityContextHolder.setContext(security);
            try (var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                export.write(start, end, narrowed, writer);
            } finally {
                SecurityContextHolder.clearContext();
            }
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"slipway-costs-" + start + "-" + end + ".csv\"")
                .body(body);
    }

    /** The days [start, end) asked for; this month when left out. */
    private record Period(LocalDate start, LocalDate end) {
    }

    private Period period(LocalDate from, LocalDate to) {
        LocalDate start = from != null ? checked("from", from)
                : LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        return new Period(start, to != null ? checked("to", to) : start.withDayOfMonth(1).plusMonths(1));
    }

    static CostQuery query(String groupBy, @Nullable LocalDate from, @Nullable LocalDate to,
            CostQuery.@Nullable Granularity granularity, @Nullable String team, @Nullable String project,
            @Nullable String service, @Nullable String environment, @Nullable String provider, @Nullable String category,
            @Nullable String allocation, Clock clock) {
        LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        CostQuery.Dimension dimension;
        try {
            dimension = blank(groupBy) == null ? CostQuery.Dimension.TEAM : CostQuery.Dimension.of(groupBy.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("groupBy", "'" + groupBy + "' " + e.getMessage());
        }
        String allocated = blank(allocation);
        if (allocated != null && !List.of("direct", "shared", "unallocated").contains(allocated.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("allocation", "'" + allocation + "' is not direct, shared or unallocated");
        }
        return new CostQuery(from != null ? checked("from", from) : thisMonth.minusMonths(5),
                to != null ? checked("to", to) : thisMonth.plusMonths(1),
                granularity != null ? granularity : CostQuery.Granularity.MONTH, dimension, blank(team), blank(project),
                blank(service), blank(environment), blank(provider), blank(category), allocated);
    }

    /**
     * A date with a four-digit year. ISO-8601 also reads years up to ±999 999 999, where a month or a day more
     * is past what a date can hold.
     */
    static LocalDate checked(String field, LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new InvalidInputException(field, "must be a date between 0001-01-01 and 9999-12-31");
        }
        return date;
    }

    static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
