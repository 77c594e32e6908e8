package dev.slipway.cost.web;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.ClusterEstimateView;
import dev.slipway.cost.ClusterEstimates;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.CostImports;
import dev.slipway.cost.CostMover;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReport;
import dev.slipway.cost.CostReports;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.SafeJson;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost report page (chart, table, movers, CSV) and the small spend panel on team and service
 * pages. Who sees what is the report facade's decision; this controller only asks.
 */
@Controller
@RequiredArgsConstructor
class CostReportController {

    static final int MOVERS = 5;

    private final CostReports reports;
    private final CostImports imports;
    private final ServiceCatalog services;
    private final AccessPolicy access;
    private final JsonMapper json;
    private final Clock clock;

    private final Budgets budgets;
    private final CostAlerts alerts;
    private final ClusterEstimates estimates;

    @GetMapping("/costs")
    String page(@ModelAttribute("form") ReportForm form, BindingResult binding, Model model) {
        report(form, binding, model);
        return "cost/report";
    }

    /** The filter form and results only, for the form's and the drill-down links' htmx requests. */
    @HxRequest
    @GetMapping("/costs")
    String results(@ModelAttribute("form") ReportForm form, BindingResult binding, Model model) {
        return page(form, binding, model) + " :: report";
    }

    @GetMapping("/costs/report.csv")
    void csv(@ModelAttribute("form") ReportForm form, HttpServletResponse response) throws IOException {
        form.withDefaults(clock);
        CostQuery query = form.toQuery();
        List<CostTable> tables = CostTable.of(reports.report(query), query, form.effective());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("slipway-costs-%s-%s-%s.csv".formatted(query.groupBy().id(), query.from(), query.to()))
                .build().toString());
        // The CSV printer flushes and closes the writer when it is done.
        CostCsv.write(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), query.groupBy().id(),
                tables);
    }

    private void report(ReportForm form, BindingResult binding, Model model) {
        if (!access.canInAnyTeam(Permission.COSTS_READ)) {
            access.require(Permission.COSTS_READ);
        }
        form.withDefaults(clock);
        model.addAttribute("dimensions", DIMENSIONS);
        model.addAttribute("granularities", GRANULARITIES);
        model.addAttribute("measures", MEASURES);
        model.addAttribute("invalid", false);
        model.addAttribute("chips", form.chips("/costs"));
        model.addAttribute("readsAll", access.can(Permission.COSTS_READ));
        model.addAttribute("mayImport", access.can(Permission.COSTS_WRITE));
        CostQuery query;
        CostReport report;
        try {
            query = form.toQuery();
            report = reports.report(query);
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
            model.addAttribute("tables", List.of());
            model.addAttribute("invalid", true);
            return;
        }
        boolean daily = query.granularity() == CostQuery.Granularity.DAY;
        var tables = new ArrayList<CurrencyView>();
        for (CostTable table : CostTable.of(report, query, form.effective())) {
            tables.add(new CurrencyView(table, "cost-chart-" + table.currency().toLowerCase(Locale.ROOT),
                    SafeJson.of(json, table.chart(daily))));
        }
        model.addAttribute("tables", tables);
        var drill = new LinkedHashMap<String, String>();
        tables.forEach(t -> t.table().rows().forEach(row -> {
            Map<String, String> params = form.drillInto(query.groupBy(), row.group());
            if (params != null) {
                drill.put(row.group(), ReportForm.url("/costs", params));
            }
        }));
        model.addAttribute("drill", drill);
        model.addAttribute("csvUrl", ReportForm.url("/costs/report.csv", form.params()));
        model.addAttribute("groupLabel", label(query.groupBy()));
        LocalDate lastMonth = query.to().minusDays(1).withDayOfMonth(1);
        model.addAttribute("moversMonth", lastMonth.toString().substring(0, 7));
        model.addAttribute("movers", tables.isEmpty() ? List.of()
                : reports.movers(query, lastMonth, MOVERS).stream().map(MoverView::of).toList());
        model.addAttribute("nothingImported", tables.isEmpty() && access.can(Permission.COSTS_READ)
                && imports.list(PageRequest.ofSize(1)).isEmpty());
    }

    /** This month's and last month's billed cost of a team or a service, per currency. */
    @GetMapping("/costs/panel")
    String panel(@RequestParam(required = false) String team, @RequestParam(required = false) String service,
            Model model) {
        String owner = service == null || service.isBlank() ? blankToNull(team) : services.ref(service.strip()).team();
        String narrowedService = service == null || service.isBlank() ? null : service.strip();
        if (owner == null) {
            throw new InvalidInputException("team", "name a team or a service");
        }
        LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        LocalDate lastMonth = thisMonth.minusMonths(1);
        CostReport report = reports.report(new CostQuery(lastMonth, thisMonth.plusMonths(1),
                CostQuery.Granularity.MONTH, CostQuery.Dimension.TEAM, owner, null, narrowedService, null, null, null,
                null));
        var byCurrency = new TreeMap<String, BigDecimal[]>();
        for (CostReport.Row row : report.rows()) {
            BigDecimal[] pair = byCurrency.computeIfAbsent(row.currency(),
                    c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            int index = row.period().equals(thisMonth) ? 1 : 0;
            pair[index] = pair[index].add(row.billedCost());
        }
        var spend = new ArrayList<MoverView>();
        byCurrency.forEach((currency, pair) -> spend.add(MoverView.of(new CostMover(currency, currency, pair[0],
                pair[1], pair[1].subtract(pair[0]), pair[0].signum() == 0 ? null
                        : pair[1].subtract(pair[0]).multiply(BigDecimal.valueOf(100))
                                .divide(pair[0].abs(), 1, RoundingMode.HALF_UP)))));
        var link = new LinkedHashMap<String, String>();
        link.put("team", owner);
        if (narrowedService != null) {
            link.put("service", narrowedService);
        }
        link.put("groupBy", narrowedService != null ? "providerService" : "project");
        model.addAttribute("spend", spend);
        model.addAttribute("panelBudgets", narrowedService != null ? List.of() : budgets.list().stream()
                .filter(b -> b.scopeType().equals("TEAM") && b.scope().equals(owner)).toList());
        model.addAttribute("panelAlerts", narrowedService != null ? List.of() : alerts.forTeam(owner, 3));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        model.addAttribute("panelEstimates", estimates.list(today, today.plusDays(1), owner).stream()
                .filter(e -> narrowedService == null || e.service().equals(narrowedService))
                .collect(Collectors.groupingBy(ClusterEstimateView::currency, TreeMap::new,
                        Collectors.reducing(BigDecimal.ZERO, ClusterEstimateView::estimatedCost,
                                BigDecimal::add))));
        model.addAttribute("panelTeam", owner);
        model.addAttribute("panelService", narrowedService);
        model.addAttribute("thisMonth", thisMonth.toString().substring(0, 7));
        model.addAttribute("lastMonth", lastMonth.toString().substring(0, 7));
        model.addAttribute("reportUrl", ReportForm.url("/costs", link));
        return "cost/panel :: panel";
    }

    record CurrencyView(CostTable table, String chartId, String chartJson) {
    }

    record Option(String value, String label) {
    }

    /** A change from one month to the next as the portal states it: "▲ 120.00 USD (+12.5 %)". */
    record MoverView(String group, Amount previous, Amount current, Amount change, String percent, boolean up) {

        static MoverView of(CostMover mover) {
            String percent = mover.changePercent() == null ? "new"
                    : (mover.changePercent().signum() > 0 ? "+" : "") + mover.changePercent().toPlainString() + " %";
            return new MoverView(mover.group(), new Amount(mover.previous(), mover.currency()),
                    new Amount(mover.current(), mover.currency()), new Amount(mover.change().abs(), mover.currency()),
                    percent, mover.change().signum() >= 0);
        }

        public String arrow() {
            return change.isZero() ? "■" : up ? "▲" : "▼";
        }
    }

    static final List<Option> DIMENSIONS = List.of(new Option("team", "Team"), new Option("project", "Project"),
            new Option("service", "Service"), new Option("environment", "Environment"),
            new Option("provider", "Provider"), new Option("category", "Service category"),
            new Option("providerService", "Provider service"), new Option("allocation", "Allocation"),
            new Option("reason", "Reason (unallocated spend)"));

    static final List<Option> GRANULARITIES = List.of(new Option("month", "Month"), new Option("day", "Day"));

    static final List<Option> MEASURES = List.of(new Option("billed", "Billed"), new Option("effective", "Effective"));

    static String label(CostQuery.Dimension dimension) {
        return DIMENSIONS.stream().filter(o -> o.value().equals(dimension.id())).findFirst().map(Option::label)
                .orElse(dimension.id());
    }

    private static @Nullable String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
