package dev.slipway.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The catalog the benchmark loads: 40 teams of 500 services each, 20,000 in all. Service slugs read
 * like real ones ({@code ledger-reconciler-eu}, {@code parcel-api-v2}) and are built from domain ×
 * component × variant, so every run loads exactly the same catalog.
 */
final class CatalogDataset {

    record TeamRow(String slug, String name, String costCenter, Instant createdAt) {
    }

    record ServiceRow(String slug, String name, TeamRow team, String lifecycle, String project, Instant createdAt,
            Instant updatedAt) {

        String description() {
            return name + ", run by " + team.name() + ".";
        }
    }

    private static final List<String> TEAMS = List.of(
            "payments", "checkout", "identity", "search", "catalog", "pricing", "inventory", "fulfilment",
            "shipping", "returns", "billing", "invoicing", "fraud", "risk", "treasury", "notifications",
            "messaging", "mobile", "web-platform", "data-platform", "machine-learning", "recommendations", "ads",
            "analytics", "reporting", "observability", "reliability", "security", "developer-experience",
            "release-engineering", "storage", "networking", "edge", "media", "content", "localisation",
            "customer-support", "partner-integrations", "loyalty", "marketplace");

    private static final List<String> DOMAINS = List.of(
            "ledger", "invoice", "refund", "card", "wallet", "payout", "order", "cart", "basket", "quote",
            "price", "tax", "stock", "warehouse", "parcel", "route", "label", "tracking", "customer", "account",
            "profile", "session", "token", "consent", "email", "sms", "push", "feed", "ranking", "review",
            "rating", "coupon", "voucher", "subscription", "plan", "usage", "meter", "report", "audit",
            "document", "image", "video", "asset", "locale", "currency", "payment", "merchant", "seller",
            "partner", "ticket");

    private static final List<String> COMPONENTS = List.of(
            "api", "worker", "gateway", "scheduler", "consumer", "producer", "exporter", "importer", "adapter",
            "cache", "indexer", "notifier", "reconciler", "processor", "validator", "aggregator", "sync", "proxy",
            "store", "web");

    private static final List<String> VARIANTS = List.of(
            "", "eu", "us", "apac", "v2", "v3", "legacy", "batch", "stream", "internal", "public", "edge",
            "canary", "shadow", "replay", "mirror", "eu-v2", "us-v2", "apac-v2", "sandbox");

    private static final Map<String, String> ACRONYMS = Map.of(
            "api", "API", "sms", "SMS", "eu", "EU", "us", "US", "apac", "APAC", "v2", "V2", "v3", "V3");

    private static final Instant CATALOG_START = Instant.parse("2023-01-01T00:00:00Z");
    private static final long THREE_YEARS_IN_SECONDS = Duration.ofDays(3 * 365).toSeconds();

    private final List<TeamRow> teams;
    private final List<ServiceRow> services;

    private CatalogDataset(List<TeamRow> teams, List<ServiceRow> services) {
        this.teams = teams;
        this.services = services;
    }

    static CatalogDataset generate() {
        var random = new Random(20_000);
        List<TeamRow> teams = new ArrayList<>();
        for (int i = 0; i < TEAMS.size(); i++) {
            String slug = TEAMS.get(i);
            teams.add(new TeamRow(slug, titleCase(slug), "cc-" + (4100 + i * 10), CATALOG_START));
        }
        List<ServiceRow> services = new ArrayList<>();
        for (String variant : VARIANTS) {
            for (String domain : DOMAINS) {
                for (String component : COMPONENTS) {
                    String base = domain + "-" + component;
                    String slug = variant.isEmpty() ? base : base + "-" + variant;
                    TeamRow team = teams.get(services.size() % teams.size());
                    Instant created = CATALOG_START.plusSeconds(random.nextInt((int) THREE_YEARS_IN_SECONDS));
                    Instant updated = created.plus(Duration.ofHours(random.nextInt(24 * 200)));
                    services.add(new ServiceRow(slug, titleCase(slug), team, lifecycle(random), domain, created,
                            updated));
                }
            }
        }
        return new CatalogDataset(List.copyOf(teams), List.copyOf(services));
    }

    List<TeamRow> teams() {
        return teams;
    }

    List<ServiceRow> services() {
        return services;
    }

    /** How many services the list should report for this filter: the same matching rules as the catalog's. */
    long count(String query, String teamSlug, String lifecycle) {
        String needle = query == null ? null : query.strip().toLowerCase(Locale.ROOT);
        return services.stream()
                .filter(s -> needle == null || s.slug().contains(needle)
                        || s.name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(s -> teamSlug == null || s.team().slug().equals(teamSlug))
                .filter(s -> lifecycle == null || s.lifecycle().equalsIgnoreCase(lifecycle))
                .count();
    }

    /** Most services are in production, as in a catalog that has been used for a while. */
    private static String lifecycle(Random random) {
        int roll = random.nextInt(100);
        return roll < 60 ? "PRODUCTION" : roll < 85 ? "EXPERIMENTAL" : "DEPRECATED";
    }

    private static String titleCase(String slug) {
        return Arrays.stream(slug.split("-"))
                .map(word -> ACRONYMS.getOrDefault(word, Character.toUpperCase(word.charAt(0)) + word.substring(1)))
                .collect(Collectors.joining(" "));
    }
}
