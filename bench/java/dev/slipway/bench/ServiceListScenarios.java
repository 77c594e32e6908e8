package dev.slipway.bench;

import static dev.slipway.bench.Probe.Kind.FRAGMENT;
import static dev.slipway.bench.Probe.Kind.FULL_PAGE;
import static dev.slipway.bench.Probe.Kind.JSON;

import dev.slipway.bench.CatalogDataset.TeamRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What people do with the services list: open it, type in the search box, filter, page deep, call the API. */
final class ServiceListScenarios {

    /** What people type: parts of slugs and names, and some words no service has. */
    static final List<String> SEARCH_TERMS = List.of(
            "ledger", "pay", "invoice-api", "Refund Worker", "gateway-eu", "sync", "apac-v2", "warehouse",
            "kubernetes", "mainframe", "graphql", "zzz");

    private static final int DEEP_PAGE = 700;

    private ServiceListScenarios() {
    }

    static List<Scenario> all(CatalogDataset data) {
        long all = data.count(null, null, null);
        List<String> teams = data.teams().stream().map(TeamRow::slug).toList();
        return List.of(
                new Scenario("Portal: full page", "`/services`",
                        List.of(Probe.firstPage("/services", FULL_PAGE, all))),
                new Scenario("Portal: live search (htmx)", "`/services?q={term}`, " + termsNote(data),
                        SEARCH_TERMS.stream()
                                .map(term -> Probe.firstPage("/services?q=" + encode(term), FRAGMENT,
                                        data.count(term, null, null)))
                                .toList()),
                new Scenario("Portal: filter by team (htmx)", "`/services?team={team}`, 40 teams of 500",
                        teams.stream()
                                .map(team -> Probe.firstPage("/services?team=" + team, FRAGMENT,
                                        data.count(null, team, null)))
                                .toList()),
                new Scenario("Portal: filter by lifecycle (htmx)", "`/services?lifecycle=production`",
                        List.of(Probe.firstPage("/services?lifecycle=production", FRAGMENT,
                                data.count(null, null, "production")))),
                new Scenario("Portal: page " + DEEP_PAGE + " (htmx)", "`/services?page=" + DEEP_PAGE + "`",
                        List.of(new Probe("/services?page=" + DEEP_PAGE, FRAGMENT, all, DEEP_PAGE))),
                new Scenario("API: first page", "`/api/v1/services?size=25`",
                        List.of(Probe.firstPage("/api/v1/services?size=" + Probe.PAGE_SIZE, JSON, all))),
                new Scenario("API: search", "`/api/v1/services?q={term}`, same terms",
                        SEARCH_TERMS.stream()
                                .map(term -> Probe.firstPage("/api/v1/services?q=" + encode(term), JSON,
                                        data.count(term, null, null)))
                                .toList()),
                new Scenario("API: team and lifecycle", "`/api/v1/services?team={team}&lifecycle=production`",
                        teams.stream()
                                .map(team -> Probe.firstPage("/api/v1/services?team=" + team + "&lifecycle=production",
                                        JSON, data.count(null, team, "production")))
                                .toList()));
    }

    private static String termsNote(CatalogDataset data) {
        long withoutMatch = SEARCH_TERMS.stream().filter(term -> data.count(term, null, null) == 0).count();
        return SEARCH_TERMS.size() + " terms (" + withoutMatch + " match nothing)";
    }

    private static String encode(String term) {
        return URLEncoder.encode(term, StandardCharsets.UTF_8);
    }
}
