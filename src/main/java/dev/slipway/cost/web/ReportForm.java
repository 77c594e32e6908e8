package dev.slipway.cost.web;

import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReports;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The cost report's filter form, bound from the query string. Every value is kept as typed, so a bad
 * date comes back in the form beside its error instead of failing the binding.
 */
class ReportForm {

    /** The filters a drill-down sets, in the order their chips show. */
    static final List<String> FILTERS = List.of("team", "project", "service", "environment", "provider", "category",
            "allocation");

    private @Nullable String from;
    private @Nullable String to;
    private String granularity = "month";
    private String groupBy = "team";
    private String cost = "billed";
    private final Map<String, String> filters = new LinkedHashMap<>();

    /** Fills what the request left empty: the last six months including this one, by team, billed. */
    ReportForm withDefaults(Clock clock) {
        LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        if (blank(from)) {
            from = thisMonth.minusMonths(5).toString();
        }
        if (blank(to)) {
            to = thisMonth.plusMonths(1).toString();
        }
        if (blank(granularity)) {
            granularity = "month";
        }
        if (blank(groupBy)) {
            groupBy = "team";
        }
        if (!"effective".equals(cost)) {
            cost = "billed";
        }
        return this;
    }

    /** The query this form asks; throws with field errors when a value cannot be read. */
    CostQuery toQuery() {
        var errors = new ArrayList<FieldError>();
        LocalDate fromDate = date("from", from, errors);
        LocalDate toDate = date("to", to, errors);
        CostQuery.Granularity grain = CostQuery.Granularity.MONTH;
        if ("day".equalsIgnoreCase(granularity)) {
            grain = CostQuery.Granularity.DAY;
        } else if (!"month".equalsIgnoreCase(granularity)) {
            errors.add(new FieldError("granularity", "must be month or day"));
        }
        CostQuery.Dimension dimension = CostQuery.Dimension.TEAM;
        try {
            dimension = CostQuery.Dimension.of(groupBy);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("groupBy", e.getMessage()));
        }
        String allocation = filter("allocation");
        if (allocation != null && !List.of("direct", "shared", "unallocated")
                .contains(allocation.toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("allocation", "must be direct, shared or unallocated"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new CostQuery(Objects.requireNonNull(fromDate), Objects.requireNonNull(toDate), grain, dimension, filter("team"), filter("project"), filter("service"),
                filter("environment"), filter("provider"), filter("category"), allocation);
    }

    boolean effective() {
        return "effective".equals(cost);
    }

    boolean daily() {
        return "day".equalsIgnoreCase(granularity);
    }

    /** Drilling into a group narrows to it and moves on to the next dimension; null where there is none. */
    @Nullable Map<String, String> drillInto(CostQuery.Dimension dimension, String group) {
        var params = params();
        switch (dimension) {
            case TEAM -> {
                params.put("team", group);
                params.put("groupBy", CostReports.UNALLOCATED.equals(group) ? "reason" : "project");
            }
            case PROJECT -> drill(params, "project", group, "service");
            case SERVICE -> drill(params, "service", group, "providerService");
            case ENVIRONMENT -> drill(params, "environment", group, "service");
            case PROVIDER -> drill(params, "provider", group, "category");
            case CATEGORY -> drill(params, "category", group, "providerService");
            case ALLOCATION -> drill(params, "allocation", group, "team");
            // A reason cannot be filtered on: the next step shows the unallocated spend per provider service.
            case REASON -> params.put("groupBy", "providerService");
            case PROVIDER_SERVICE -> {
                return null;
            }
        }
        return params;
    }

    private static void drill(Map<String, String> params, String filter, String value, String next) {
        params.put(filter, value);
        params.put("groupBy", next);
    }

    /** The query string of this form, blank values left out. */
    Map<String, String> params() {
        var params = new LinkedHashMap<String, String>();
        put(params, "from", from);
        put(params, "to", to);
        put(params, "granularity", granularity);
        put(params, "groupBy", groupBy);
        put(params, "cost", cost);
        FILTERS.forEach(name -> put(params, name, filters.get(name)));
        return params;
    }

    static String url(String path, Map<String, String> params) {
        var builder = UriComponentsBuilder.fromPath(path);
        params.forEach((name, value) -> builder.queryParam(name, "{" + name + "}"));
        return builder.encode().buildAndExpand(params).toUriString();
    }

    /** The filters in force, each with the URL that removes it. */
    List<Chip> chips(String path) {
        var chips = new ArrayList<Chip>();
        for (String name : FILTERS) {
            String value = filter(name);
            if (value != null) {
                var params = params();
                params.remove(name);
                chips.add(new Chip(name, value, url(path, params)));
            }
        }
        return chips;
    }

    record Chip(String name, String value, String removeUrl) {
    }

    private @Nullable String filter(String name) {
        String value = filters.get(name);
        return blank(value) ? null : value.strip();
    }

    private static void put(Map<String, String> params, String name, @Nullable String value) {
        if (!blank(value)) {
            params.put(name, value.strip());
        }
    }

    private static @Nullable LocalDate date(String field, @Nullable String value, List<FieldError> errors) {
        try {
            return LocalDate.parse(Objects.requireNonNull(value).strip());
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(new FieldError(field, "must be a date, e.g. 2026-06-01"));
            return null;
        }
    }

    @Contract("null -> true")
    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    public @Nullable String getFrom() { return from; }
    public void setFrom(String value) { this.from = value; }
    public @Nullable String getTo() { return to; }
    public void setTo(String value) { this.to = value; }
    public String getGranularity() { return granularity; }
    public void setGranularity(String value) { this.granularity = value; }
    public String getGroupBy() { return groupBy; }
    public void setGroupBy(String value) { this.groupBy = value; }
    public String getCost() { return cost; }
    public void setCost(String value) { this.cost = value; }
    public @Nullable String getTeam() { return filters.get("team"); }
    public void setTeam(String value) { filters.put("team", value); }
    public @Nullable String getProject() { return filters.get("project"); }
    public void setProject(String value) { filters.put("project", value); }
    public @Nullable String getService() { return filters.get("service"); }
    public void setService(String value) { filters.put("service", value); }
    public @Nullable String getEnvironment() { return filters.get("environment"); }
    public void setEnvironment(String value) { filters.put("environment", value); }
    public @Nullable String getProvider() { return filters.get("provider"); }
    public void setProvider(String value) { filters.put("provider", value); }
    public @Nullable String getCategory() { return filters.get("category"); }
    public void setCategory(String value) { filters.put("category", value); }
    public @Nullable String getAllocation() { return filters.get("allocation"); }
    public void setAllocation(String value) { filters.put("allocation", value); }
}
