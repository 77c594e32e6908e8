package dev.slipway.delivery.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.delivery.DeliveryFigures;
import dev.slipway.delivery.DeliveryMetrics;
import dev.slipway.delivery.DeliveryReport;
import dev.slipway.delivery.ReferencePoint;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.SafeJson;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import tools.jackson.databind.json.JsonMapper;

/** The Delivery page: DORA's five figures for the chosen team, service, environment and range, with weekly trends. */
@Controller
@RequiredArgsConstructor
class DeliveryController {

    record Option(String value, String label) {
    }

    record ChartView(String id, String title, String json) {
    }

    record ReferenceRow(String figure, String shown, List<String> references) {
    }

    record GroupRow(String name, String team, ShownFigures figures) {
    }

    private final DeliveryMetrics metrics;
    private final TeamCatalog teams;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final JsonMapper json;

    @GetMapping("/delivery")
    String page(@ModelAttribute("form") DeliveryForm form, BindingResult binding, Model model) {
        model.addAttribute("teamOptions", withAll("All teams", teams.all().stream()
                .map(t -> new Option(t.slug(), t.name())).toList()));
        model.addAttribute("environmentOptions", environments.refs().stream()
                .map(e -> new Option(e.slug(), e.name())).toList());
        model.addAttribute("serviceOptions", withAll("All services", services.allRefs().stream()
                .filter(s -> blank(form.getTeam()) || s.team().equals(form.getTeam().strip()))
                .map(ServiceRef::slug).map(slug -> new Option(slug, slug)).toList()));
        DeliveryReport report;
        try {
            report = metrics.report(form.getTeam(), form.getService(), form.getEnvironment(), form.getFrom(),
                    form.getTo());
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
            model.addAttribute("report", null);
            return "delivery/page";
        }
        form.setEnvironment(report.environment());
        form.setFrom(report.from().toString());
        form.setTo(report.to().toString());
        model.addAttribute("report", report);
        model.addAttribute("overall", ShownFigures.of(report.overall()));
        model.addAttribute("teamRows", rows(report.teams()));
        model.addAttribute("serviceRows", rows(report.services()));
        model.addAttribute("referenceRows", referenceRows(report.overall(), report.references()));
        model.addAttribute("charts", charts(report.weeks()));
        return "delivery/page";
    }

    /** The filters and the report only, for the form's htmx requests. */
    @HxRequest
    @GetMapping("/delivery")
    String report(@ModelAttribute("form") DeliveryForm form, BindingResult binding, Model model) {
        return page(form, binding, model) + " :: report";
    }

    private static List<GroupRow> rows(List<DeliveryReport.Group> groups) {
        return groups.stream().map(g -> new GroupRow(g.name(), g.team(), ShownFigures.of(g.figures()))).toList();
    }

    private static List<ReferenceRow> referenceRows(DeliveryFigures figures, List<ReferencePoint> references) {
        return List.of(
                new ReferenceRow("Deployment time (median)", FigureText.duration(figures.deploymentTimeMedianSeconds()),
                        references.stream().map(r -> FigureText.duration(r.deploymentSeconds())).toList()),
                new ReferenceRow("Failure rate", FigureText.percent(figures.changeFailRate()),
                        references.stream().map(r -> FigureText.percent(r.monthlyFailureRate())).toList()),
                new ReferenceRow("Recovery time (median)", FigureText.duration(figures.recoveryMedianSeconds()),
                        references.stream().map(r -> FigureText.duration(r.recoverySeconds())).toList()));
    }

    /** One line or bar series of a chart: its label and the figure it plots for each week. */
    private record Series(String label, Function<DeliveryFigures, Number> value) {
    }

    private List<ChartView> charts(List<DeliveryReport.Week> weeks) {
        return List.of(
                chart("delivery-chart-deployments", "Deployments per week", "bar", "count", weeks,
                        new Series("Successful", DeliveryFigures::successes),
                        new Series("Failed or rolled back", DeliveryFigures::failedChanges)),
                chart("delivery-chart-rates", "Change fail rate and rework rate", "line", "percent", weeks,
                        new Series("Change fail rate", f -> percent(f.changeFailRate())),
                        new Series("Rework rate", f -> percent(f.reworkRate()))),
                chart("delivery-chart-lead-time", "Change lead time", "line", "hours", weeks,
                        new Series("Median", f -> hours(f.leadTimeMedianSeconds())),
                        new Series("90th percentile", f -> hours(f.leadTimeP90Seconds()))),
                chart("delivery-chart-recovery", "Failed deployment recovery time", "line", "minutes", weeks,
                        new Series("Median", f -> f.recoveryMedianSeconds() == null ? null
                                : f.recoveryMedianSeconds() / 60)));
    }

    /** A chart's JSON: a week with nothing to measure is null, a gap in its line. */
    private ChartView chart(String id, String title, String type, String unit, List<DeliveryReport.Week> weeks,
            Series... series) {
        var datasets = new ArrayList<Map<String, Object>>();
        for (Series one : series) {
            var values = new ArrayList<Number>();
            weeks.forEach(week -> values.add(one.value().apply(week.figures())));
            datasets.add(Map.of("label", one.label(), "data", values));
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("type", type);
        data.put("unit", unit);
        data.put("stacked", false);
        data.put("labels", weeks.stream().map(w -> w.start().toString()).toList());
        data.put("datasets", datasets);
        return new ChartView(id, title, SafeJson.of(json, data));
    }

    private static List<Option> withAll(String label, List<Option> options) {
        var all = new ArrayList<Option>();
        all.add(new Option("", label));
        all.addAll(options);
        return all;
    }

    private static Double percent(Double rate) {
        return rate == null ? null : rate * 100;
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : seconds / 3600;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
