package dev.slipway.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes cloud bills in the FOCUS 1.2 format (CSV), made up but shaped like real ones, for the demo
 * organisation and for benchmarks.
 *
 * <p>The output depends only on the {@link Spec}: the same spec gives the same bytes. Rows are
 * written one at a time, so memory stays constant however many are asked for. Each month of the
 * spec is a billing period; every billing account (one per currency) gets, besides the usage rows,
 * a monthly support fee for the shared project, two credits and a tax row at the end of the month.
 * Usage rows are hourly or daily charges of the owners' services, weighted by the owners' weights;
 * a share of them carries no tags at all, and some belong to the shared project without a team.
 * On the anomaly's day, the anomaly's team and service cost several times their usual amount.
 */
public final class FocusFileGenerator {

    /** The FOCUS 1.2 columns every file must have. */
    public static final List<String> MANDATORY_COLUMNS = List.of("BilledCost", "BillingAccountId",
            "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory",
            "ChargeClass", "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName",
            "PublisherName", "ServiceCategory", "ServiceName");

    /** Every column written, in order: the mandatory ones, then the optional ones and one provider extension. */
    public static final List<String> COLUMNS;

    static {
        var columns = new ArrayList<>(MANDATORY_COLUMNS);
        columns.addAll(List.of("ResourceId", "RegionName", "SubAccountId", "InvoiceId", "Tags", "x_UsageType"));
        COLUMNS = List.copyOf(columns);
    }

    /** Who a usage row is charged to, as its tags say; weights are relative to the other owners'. */
    public record Owner(String team, String service, String project, String environment, double weight) {

        public Owner {
            Objects.requireNonNull(team, "team");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(environment, "environment");
            if (!(weight > 0)) {
                throw new IllegalArgumentException("An owner's weight must be positive: " + weight);
            }
        }
    }

    /** One day on which one team's service costs {@code factor} times its usual amount, in every environment. */
    public record AnomalyDay(LocalDate day, String team, String service, double factor) {

        public AnomalyDay {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(team, "team");
            Objects.requireNonNull(service, "service");
            if (!(factor > 0)) {
                throw new IllegalArgumentException("The anomaly's factor must be positive: " + factor);
            }
        }
    }

    /**
     * What to generate.
     *
     * @param firstMonth    the first billing period
     * @param months        how many billing periods, one after another
     * @param rows          how many rows in all, spread evenly over the months (earlier months take the remainder)
     * @param owners        the teams' services and environments that usage is charged to
     * @param currencies    one billing account per currency: the first via AWS, the second via Microsoft, a third via
     *                      Google Cloud
     * @param untaggedShare the share of usage rows without any tag, 0 to 1
     * @param sharedProject the project of shared costs without a team tag (networking, support), or null for none
     * @param anomaly       the day one service costs more than usual, or null for none
     * @param seed          the seed; the same spec writes the same bytes
     */
    public record Spec(YearMonth firstMonth, int months, long rows, List<Owner> owners, List<String> currencies,
            double untaggedShare, String sharedProject, @Nullable AnomalyDay anomaly, long seed) {

        public Spec {
            Objects.requireNonNull(firstMonth, "firstMonth");
            owners = List.copyOf(owners);
            currencies = List.copyOf(currencies);
            if (months < 1) {
                throw new IllegalArgumentException("At least one month: " + months);
            }
            if (owners.isEmpty()) {
                throw new IllegalArgumentException("At least one owner");
            }
            if (currencies.isEmpty() || currencies.size() > ACCOUNTS.length) {
                throw new IllegalArgumentException("One to " + ACCOUNTS.length + " currencies: " + currencies);
            }
            if (untaggedShare < 0 || untaggedShare > 1) {
                throw new IllegalArgumentException("The untagged share must be between 0 and 1: " + untaggedShare);
            }
            long fixed = (long) FIXED_ROWS_PER_ACCOUNT * currencies.size();
            if (rows / months < fixed) {
                throw new IllegalArgumentException("At least " + fixed + " rows a month (fees, credits and taxes of "
                        + currencies.size() + " billing accounts), not " + rows / months);
            }
            if (anomaly != null && (YearMonth.from(anomaly.day()).isBefore(firstMonth)
                    || !YearMonth.from(anomaly.day()).isBefore(firstMonth.plusMonths(months)))) {
                throw new IllegalArgumentException("The anomaly's day " + anomaly.day() + " is outside the months");
            }
        }

        /** The months written, in order. */
        public List<YearMonth> monthList() {
            var list = new ArrayList<YearMonth>(months);
            for (int i = 0; i < months; i++) {
                list.add(firstMonth.plusMonths(i));
            }
            return list;
        }

        /** The number of rows of one month of this spec. */
        public long rowsIn(YearMonth month) {
            int index = (int) (month.getYear() * 12L + month.getMonthValue() - (firstMonth.getYear() * 12L
                    + firstMonth.getMonthValue()));
            if (index < 0 || index >= months) {
                throw new IllegalArgumentException(month + " is not one of the spec's months");
            }
            return rows / months + (index < rows % months ? 1 : 0);
        }

        public Spec withRows(long newRows) {
            return new Spec(firstMonth, months, newRows, owners, currencies, untaggedShare, sharedProject, anomaly,
                    seed);
        }

        public Spec withSeed(long newSeed) {
            return new Spec(firstMonth, months, rows, owners, currencies, untaggedShare, sharedProject, anomaly,
                    newSeed);
        }

        /** The same spec moved to start at another month; an anomaly moves with it, to the same day of its month. */
        public Spec startingAt(YearMonth newFirstMonth) {
            AnomalyDay moved = null;
            if (anomaly != null) {
                long shift = newFirstMonth.getYear() * 12L + newFirstMonth.getMonthValue()
                        - (firstMonth.getYear() * 12L + firstMonth.getMonthValue());
                YearMonth month = YearMonth.from(anomaly.day()).plusMonths(shift);
                moved = new AnomalyDay(month.atDay(Math.min(anomaly.day().getDayOfMonth(), month.lengthOfMonth())),
                        anomaly.team(), anomaly.service(), anomaly.factor());
            }
            return new Spec(newFirstMonth, months, rows, owners, currencies, untaggedShare, sharedProject, moved,
                    seed);
        }
    }

    /** Sums of the rows written, per billing currency, to check what an import reports against. */
    public record Totals(String currency, BigDecimal billedCost, BigDecimal effectiveCost, BigDecimal listCost) {
    }

    /** What {@link #write} wrote: the rows (header not counted) and their totals per currency, in currency order. */
    public record Written(long rows, List<Totals> totals) {
    }

    /** The demo teams, services and their projects, as {@link DemoSeeder} creates them. */
    private static final String[][] DEMO_SERVICES = {
            {"payments", "checkout-api", "checkout", "3"},
            {"payments", "payment-gateway", "checkout", "2"},
            {"payments", "refund-worker", "refunds", "1"},
            {"identity", "login-service", "accounts", "2"},
            {"identity", "account-profile", "accounts", "1.5"},
            {"identity", "consent-manager", "privacy", "0.5"},
            {"search", "search-api", "discovery", "3"},
            {"search", "ranking-model", "discovery", "2"},
            {"search", "recommendations", "discovery", "1.5"},
            {"search", "legacy-indexer", "discovery", "0.7"},
            {"platform", "edge-gateway", "edge", "2.5"},
            {"platform", "status-page", "edge", "0.3"}};
    private static final String[] ENVIRONMENTS = {"dev", "staging", "prod"};
    private static final double[] ENVIRONMENT_WEIGHTS = {0.15, 0.25, 0.6};

    /**
     * The demo organisation's bill: six months ending with {@code lastMonth} (typically the last complete
     * month), the 12 demo services in dev, staging and prod, USD on AWS and EUR on Azure, about 20,000
     * rows, 8 % untagged, the shared project {@code shared-platform}, and checkout-api costing five
     * times as much as usual on the 20th of the last month.
     */
    public static Spec demo(YearMonth lastMonth) {
        var owners = new ArrayList<Owner>();
        for (String[] service : DEMO_SERVICES) {
            for (int e = 0; e < ENVIRONMENTS.length; e++) {
                owners.add(new Owner(service[0], service[1], service[2], ENVIRONMENTS[e],
                        Double.parseDouble(service[3]) * ENVIRONMENT_WEIGHTS[e]));
            }
        }
        var anomaly = new AnomalyDay(lastMonth.atDay(Math.min(20, lastMonth.lengthOfMonth())), "payments",
                "checkout-api", 5);
        return new Spec(lastMonth.minusMonths(5), 6, 20_000, owners, List.of("USD", "EUR"), 0.08, "shared-platform",
                anomaly, 20_260_601L);
    }

    private static final String[] BENCH_TEAMS = {"payments", "identity", "search", "platform", "checkout",
            "billing", "ledger", "parcel", "shipping", "inventory", "catalog", "pricing", "promotions", "loyalty",
            "reviews", "messaging", "notifications", "mobile", "web", "analytics", "reporting", "fraud", "risk",
            "compliance", "onboarding", "support", "media", "content", "ads", "partners", "marketplace", "sellers",
            "warehouse", "routing", "fleet", "maps", "data", "ml", "security", "observability"};
    private static final String[] BENCH_SUFFIXES = {"api", "worker", "gateway", "db", "cache", "indexer", "web",
            "scheduler", "ingest", "reports"};

    /**
     * A bill for benchmarks: {@code totalRows} rows over {@code months} months from January 2026, 40 teams
     * with 10 services each (e.g. {@code ledger-api}), in dev, staging and prod, USD and EUR, 5 % untagged,
     * the shared project {@code shared-platform}, and one anomaly in the first month.
     */
    public static Spec bench(long totalRows, int months) {
        var owners = new ArrayList<Owner>();
        for (int t = 0; t < BENCH_TEAMS.length; t++) {
            for (int s = 0; s < BENCH_SUFFIXES.length; s++) {
                // Spend is uneven, as in a real organisation: some teams and services cost far more than others.
                double weight = (1.0 + (t * 7) % 11) * (1.0 + (s * 3) % 5);
                for (int e = 0; e < ENVIRONMENTS.length; e++) {
                    owners.add(new Owner(BENCH_TEAMS[t], BENCH_TEAMS[t] + "-" + BENCH_SUFFIXES[s],
                            BENCH_TEAMS[t] + (s < 5 ? "-core" : "-ops"), ENVIRONMENTS[e],
                            weight * ENVIRONMENT_WEIGHTS[e]));
                }
            }
        }
        YearMonth first = YearMonth.of(2026, 1);
        return new Spec(first, months, totalRows, owners, List.of("USD", "EUR"), 0.05, "shared-platform",
                new AnomalyDay(first.atDay(17), "ledger", "ledger-api", 4), 4_242L);
    }

    // --- Billing accounts, providers and their products ---------------------------------------------------

    private static final int FIXED_ROWS_PER_ACCOUNT = 4; // support fee, two credits, tax
    private static final long UNIT = 10_000_000_000L; // amounts are kept in units of 10^-10
    private static final long QUANTITY_UNIT = 10_000L; // quantities in units of 10^-4

    /** A billing account; its invoice issuer is written as it is here, quoted where needed. */
    private record Account(String id, String name, String provider, String invoiceIssuer, String[] regions,
            String resourcePrefix, Product[] products, Product network, Product support, long taxPermille) {
    }

    /** A priced product: unit price in 10^-10 of the currency, quantity per hour in 10^-4 units (a range). */
    private record Product(String serviceName, String serviceCategory, String pricingUnit, long unitPrice,
            long minQuantityPerHour, long maxQuantityPerHour, String description, String usageType,
            String resourceType) {

        Product {
            for (String text : List.of(serviceName, serviceCategory, pricingUnit, description, usageType, resourceType)) {
                if (!csv(text).equals(text)) {
                    throw new IllegalArgumentException("Written unquoted, so no commas or quotes: " + text);
                }
            }
        }
    }

    private static final Account[] ACCOUNTS = {
            new Account("acme-aws-%s", "Acme Corp AWS (%s)", "AWS", csv("Amazon Web Services, Inc."),
                    new String[] {"us-east-1", "eu-west-1", "eu-central-1"}, "arn:aws:", new Product[] {
                            new Product("Amazon EC2", "Compute", "Hours", 416_000_000L, 10_000, 60_000,
                                    "On Demand Linux m6i.large Instance Hour", "BoxUsage:m6i.large",
                                    "ec2:instance/i-"),
                            new Product("Amazon RDS", "Databases", "Hours", 1_710_000_000L, 10_000, 20_000,
                                    "PostgreSQL db.m6g.large Multi-AZ Instance Hour", "Multi-AZUsage:db.m6g.large",
                                    "rds:db:"),
                            new Product("Amazon S3", "Storage", "GB-Month", 230_000_000L, 1_000, 400_000,
                                    "Standard storage in the first 50 TB", "TimedStorage-ByteHrs", "s3:::"),
                            new Product("AWS Lambda", "Compute", "Requests", 2_000L, 40_000, 200_000_000,
                                    "Requests at 0.20 per million", "Request", "lambda:function:"),
                            new Product("Amazon CloudWatch", "Management and Governance", "GB", 5_000_000_000L, 10,
                                    5_000, "Log data ingested", "DataProcessing-Bytes", "logs:log-group:")},
                    new Product("Amazon Virtual Private Cloud", "Networking", "Hours", 450_000_000L, 10_000, 30_000,
                            "NAT Gateway Hour", "NatGateway-Hours", "ec2:natgateway/nat-"),
                    new Product("AWS Support (Business)", "Management and Governance", "Month", 0, 0, 0,
                            "Business support plan monthly fee", "Support-Business", "support:plan/"),
                    80),
            new Account("acme-azure-%s", "Acme Corp Azure (%s)", "Microsoft", "Microsoft",
                    new String[] {"westeurope", "northeurope", "francecentral"}, "/subscriptions/acme/providers/", new Product[] {
                            new Product("Virtual Machines", "Compute", "Hours", 960_000_000L, 10_000, 60_000,
                                    "D2s v5 Linux pay as you go", "D2s_v5", "Microsoft.Compute/virtualMachines/"),
                            new Product("Azure Database for PostgreSQL", "Databases", "Hours", 1_580_000_000L, 10_000,
                                    20_000, "Flexible Server D2ds v4 vCore", "D2ds_v4",
                                    "Microsoft.DBforPostgreSQL/flexibleServers/"),
                            new Product("Storage", "Storage", "GB-Month", 180_000_000L, 1_000, 400_000,
                                    "Hot LRS data stored", "Hot_LRS", "Microsoft.Storage/storageAccounts/"),
                            new Product("Functions", "Compute", "Executions", 1_600L, 40_000, 200_000_000,
                                    "Standard executions", "Standard-Executions", "Microsoft.Web/sites/")},
                    new Product("Bandwidth", "Networking", "GB", 870_000_000L, 10_000, 500_000,
                            "Data transfer out of zone 1", "DataTransferOut-Zone1", "Microsoft.Network/publicIPAddresses/"),
                    new Product("Azure Support", "Management and Governance", "Month", 0, 0, 0,
                            "Standard support plan monthly fee", "Support-Standard", "Microsoft.Support/plans/"),
                    200),
            new Account("acme-gcp-%s", "Acme Corp Google Cloud (%s)", "Google Cloud", "Google Cloud",
                    new String[] {"europe-west1", "us-central1", "europe-west4"}, "//", new Product[] {
                            new Product("Compute Engine", "Compute", "Hours", 480_000_000L, 10_000, 60_000,
                                    "N2 standard instance core running", "N2-Core", "compute.googleapis.com/instances/"),
                            new Product("Cloud SQL", "Databases", "Hours", 1_250_000_000L, 10_000, 20_000,
                                    "PostgreSQL db-custom-2-7680", "SQL-Custom", "sqladmin.googleapis.com/instances/"),
                            new Product("Cloud Storage", "Storage", "GB-Month", 200_000_000L, 1_000, 400_000,
                                    "Standard storage", "Standard-Storage", "storage.googleapis.com/buckets/")},
                    new Product("Networking", "Networking", "GB", 1_200_000_000L, 10_000, 500_000,
                            "Internet egress", "Egress", "compute.googleapis.com/routers/"),
                    new Product("Cloud Support", "Management and Governance", "Month", 0, 0, 0,
                            "Enhanced support monthly fee", "Support-Enhanced", "support.googleapis.com/plans/"),
                    0)};

    private static final long SUPPORT_FEE = 1_500 * UNIT;
    private static final double SHARED_SHARE = 0.05;
    private static final double DAILY_SHARE = 0.3;
    private static final int RESOURCES_PER_OWNER = 6;

    // --- Precomputed row pieces ----------------------------------------------------------------------------

    private final Spec spec;
    private final String[] accountIds;
    private final String[] accountPrefixes; // "acme-aws-usd,Acme Corp AWS (USD),USD,"
    private final String[] ownerTags;
    private final String[] ownerSubAccounts;
    private final String[] ownerResourceStems;
    private final int[] ownerAccounts;
    private final int[] ownerRegions;
    private final double[] cumulativeWeights;
    private final boolean[] ownerAnomalous;
    private final String sharedTags;
    private final @Nullable LocalDate usageUntil;

    public FocusFileGenerator(Spec spec) {
        this(spec, null);
    }

    /**
     * A generator whose usage stops before {@code usageUntil} (e.g. today, for a month still running);
     * null for whole months. Monthly fees, credits and taxes still span their whole billing period.
     */
    public FocusFileGenerator(Spec spec, @Nullable LocalDate usageUntil) {
        this.usageUntil = usageUntil;
        this.spec = Objects.requireNonNull(spec, "spec");
        int accounts = spec.currencies().size();
        accountIds = new String[accounts];
        accountPrefixes = new String[accounts];
        for (int a = 0; a < accounts; a++) {
            String currency = spec.currencies().get(a);
            accountIds[a] = String.format(ACCOUNTS[a].id(), currency.toLowerCase(Locale.ROOT));
            accountPrefixes[a] = accountIds[a] + "," + csv(String.format(ACCOUNTS[a].name(), currency)) + ","
                    + currency + ",";
        }
        int owners = spec.owners().size();
        ownerTags = new String[owners];
        ownerSubAccounts = new String[owners];
        ownerResourceStems = new String[owners];
        ownerAccounts = new int[owners];
        ownerRegions = new int[owners];
        ownerAnomalous = new boolean[owners];
        cumulativeWeights = new double[owners];
        double sum = 0;
        var teamIndex = new LinkedHashMap<String, Integer>();
        for (int o = 0; o < owners; o++) {
            Owner owner = spec.owners().get(o);
            int team = teamIndex.computeIfAbsent(owner.team(), t -> teamIndex.size());
            int service = Math.floorMod(owner.service().hashCode(), 1 << 20);
            // A service runs on one provider, its team's region.
            ownerAccounts[o] = service % accounts;
            ownerRegions[o] = team % ACCOUNTS[ownerAccounts[o]].regions().length;
            ownerTags[o] = csv("{\"team\":\"" + json(owner.team()) + "\",\"service\":\"" + json(owner.service())
                    + "\",\"env\":\"" + json(owner.environment()) + "\",\"project\":\"" + json(owner.project())
                    + "\"}");
            ownerSubAccounts[o] = "acme-" + owner.team() + "-" + owner.environment();
            ownerResourceStems[o] = owner.service() + "-" + owner.environment() + "-";
            ownerAnomalous[o] = spec.anomaly() != null && spec.anomaly().team().equals(owner.team())
                    && spec.anomaly().service().equals(owner.service());
            sum += owner.weight();
            cumulativeWeights[o] = sum;
        }
        sharedTags = spec.sharedProject() == null ? "{}"
                : csv("{\"project\":\"" + json(spec.sharedProject()) + "\",\"env\":\"prod\"}");
    }

    public Spec spec() {
        return spec;
    }

    /** Writes the header and every month of the spec. The writer is flushed, not closed. */
    public Written write(Writer out) throws IOException {
        return write(out, spec.monthList());
    }

    /** Writes the header and one month of the spec: the same rows as that month has in the whole file. */
    public Written write(Writer out, YearMonth month) throws IOException {
        spec.rowsIn(month); // checks the month
        return write(out, List.of(month));
    }

    /** Writes the whole spec to a file, gzipped when its name ends with {@code .gz}. */
    public Written writeTo(Path file) throws IOException {
        try (OutputStream stream = open(file); Writer out = writer(stream)) {
            return write(out);
        }
    }

    /** Writes one month of the spec to a file, gzipped when its name ends with {@code .gz}. */
    public Written writeTo(Path file, YearMonth month) throws IOException {
        try (OutputStream stream = open(file); Writer out = writer(stream)) {
            return write(out, month);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream stream = Files.newOutputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) {
            return stream;
        }
        // The fastest level: a generated file compresses well anyway, and it is written to be sent, not kept.
        return new GZIPOutputStream(stream, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static Writer writer(OutputStream stream) {
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    private Written write(Writer out, List<YearMonth> months) throws IOException {
        Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        buffered.write(String.join(",", COLUMNS));
        buffered.write('\n');
        int accounts = spec.currencies().size();
        long[][] sums = new long[accounts][3];
        long rows = 0;
        var row = new StringBuilder(640);
        var chars = new char[1024];
        for (YearMonth month : months) {
            rows += new MonthWriter(month, sums, row, chars).write(buffered);
        }
        buffered.flush();
        var totals = new ArrayList<Totals>(accounts);
        for (int a = 0; a < accounts; a++) {
            totals.add(new Totals(spec.currencies().get(a), BigDecimal.valueOf(sums[a][0], 10),
                    BigDecimal.valueOf(sums[a][1], 10), BigDecimal.valueOf(sums[a][2], 10)));
        }
        return new Written(rows, List.copyOf(totals));
    }

    /** The rows of one billing period, from its own random sequence, so a month alone equals that month in all. */
    private final class MonthWriter {

        private final YearMonth month;
        private final long[][] sums;
        private final StringBuilder row;
        private final char[] chars;
        private final SplittableRandom random;
        private final String[] days; // "2026-06-01T", …, and the first day of the next month
        private final String periodStart;
        private final String invoice;
        private final int usableDays;
        private final String periodEnd;
        private final int anomalyDay; // day of month, 0-based, or -1
        private final long[] monthBilled; // per account, what the tax is charged on

        MonthWriter(YearMonth month, long[][] sums, StringBuilder row, char[] chars) {
            this.month = month;
            this.chars = chars;
            this.sums = sums;
            this.row = row;
            this.random = new SplittableRandom(spec.seed() * 1_000_003L + month.getYear() * 12L + month.getMonthValue());
            int length = month.lengthOfMonth();
            days = new String[length + 1];
            for (int d = 0; d < length; d++) {
                days[d] = month.atDay(d + 1) + "T";
            }
            days[length] = month.plusMonths(1).atDay(1) + "T";
            periodStart = days[0] + "00:00:00Z";
            usableDays = usageUntil != null && YearMonth.from(usageUntil).equals(month)
                    ? Math.max(1, usageUntil.getDayOfMonth() - 1) : length;
            invoice = "inv-" + days[0].substring(0, 7);
            periodEnd = days[length] + "00:00:00Z";
            anomalyDay = spec.anomaly() != null && YearMonth.from(spec.anomaly().day()).equals(month)
                    ? spec.anomaly().day().getDayOfMonth() - 1 : -1;
            monthBilled = new long[spec.currencies().size()];
        }

        long write(Writer out) throws IOException {
            int accounts = spec.currencies().size();
            long total = spec.rowsIn(month);
            // A month still running has usage only on the days so far.
            long usage = (total - (long) FIXED_ROWS_PER_ACCOUNT * accounts) * usableDays / (days.length - 1);
            for (long i = 0; i < usage; i++) {
                usageRow();
                emit(out);
            }
            for (int a = 0; a < accounts; a++) {
                Account account = ACCOUNTS[a];
                fixedRow(a, "Purchase", account.support(), SUPPORT_FEE, SUPPORT_FEE, SUPPORT_FEE, "1", sharedTags,
                        "acme-shared-prod", "support-plan");
                emit(out);
                long promo = -(200 + random.nextInt(300)) * UNIT;
                fixedRow(a, "Credit", creditProduct(account, "Promotional credit"), promo, promo, 0, "", "{}", "",
                        null);
                emit(out);
                long sla = -(random.nextInt(5_000_000) + 1) * (UNIT / 10_000);
                fixedRow(a, "Credit", creditProduct(account, "Service level credit"), sla, sla, 0, "", "{}", "",
                        null);
                emit(out);
                long tax = monthBilled[a] / 1000 * account.taxPermille();
                fixedRow(a, "Tax", taxProduct(account), tax, tax, tax, "", "{}", "", null);
                emit(out);
            }
            return total;
        }

        /** Hands the row over without the copy {@code Writer.append(CharSequence)} makes of it. */
        private void emit(Writer out) throws IOException {
            int length = row.length();
            char[] buffer = length <= chars.length ? chars : new char[length];
            row.getChars(0, length, buffer, 0);
            out.write(buffer, 0, length);
        }

        private void usageRow() {
            double kind = random.nextDouble();
            int owner = -1;
            String tags;
            String subAccount;
            int account;
            Product product;
            String resource;
            int region;
            if (kind < spec.untaggedShare()) {
                account = random.nextInt(monthBilled.length);
                Product[] products = ACCOUNTS[account].products();
                product = products[random.nextInt(products.length)];
                tags = "{}";
                subAccount = "acme-legacy";
                resource = "untagged-" + random.nextInt(50);
                region = 0;
            } else if (spec.sharedProject() != null && kind < spec.untaggedShare() + SHARED_SHARE) {
                account = random.nextInt(monthBilled.length);
                product = ACCOUNTS[account].network();
                tags = sharedTags;
                subAccount = "acme-shared-prod";
                resource = "shared-network-" + random.nextInt(4);
                region = random.nextInt(ACCOUNTS[account].regions().length);
            } else {
                owner = pickOwner(random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1]);
                account = ownerAccounts[owner];
                Product[] products = ACCOUNTS[account].products();
                product = products[random.nextInt(products.length)];
                tags = ownerTags[owner];
                subAccount = ownerSubAccounts[owner];
                resource = ownerResourceStems[owner] + random.nextInt(RESOURCES_PER_OWNER);
                region = ownerRegions[owner];
            }
            int day = random.nextInt(usableDays);
            boolean daily = random.nextDouble() < DAILY_SHARE;
            int hour = daily ? 0 : random.nextInt(24);
            // Skewed towards the small end, as usage is: most functions serve a handful of requests an hour.
            double r = random.nextDouble();
            long quantity = product.minQuantityPerHour()
                    + (long) (r * r * r * (product.maxQuantityPerHour() - product.minQuantityPerHour()));
            if (daily) {
                quantity *= 24;
            }
            if (owner >= 0 && day == anomalyDay && ownerAnomalous[owner]) {
                quantity = (long) (quantity * Objects.requireNonNull(spec.anomaly()).factor());
            }
            long list = Math.max(1, quantity * product.unitPrice() / QUANTITY_UNIT);
            long contracted = list * 90 / 100;
            long effective = contracted * (70 + random.nextInt(31)) / 100;
            Account a = ACCOUNTS[account];

            row.setLength(0);
            amount(effective).append(',').append(accountPrefixes[account]);
            row.append(periodStart).append(',').append(periodEnd).append(",Usage,,");
            row.append(product.description()).append(',');
            row.append(days[day]);
            twoDigits(hour).append(":00:00Z,");
            if (daily) {
                row.append(days[day + 1]).append("00:00:00Z,");
            } else if (hour == 23) {
                row.append(days[day + 1]).append("00:00:00Z,");
            } else {
                row.append(days[day]);
                twoDigits(hour + 1).append(":00:00Z,");
            }
            amount(contracted).append(',');
            amount(effective).append(',').append(a.invoiceIssuer()).append(',');
            amount(list).append(',');
            quantity(quantity).append(',').append(product.pricingUnit()).append(',');
            row.append(a.provider()).append(',').append(a.provider()).append(',');
            row.append(product.serviceCategory()).append(',').append(product.serviceName()).append(',');
            row.append(a.resourcePrefix()).append(product.resourceType()).append(resource).append(',');
            row.append(a.regions()[region]).append(',').append(subAccount).append(',').append(invoice).append(',');
            row.append(tags).append(',');
            row.append(product.usageType()).append('\n');

            monthBilled[account] += effective;
            sums[account][0] += effective;
            sums[account][1] += effective;
            sums[account][2] += list;
        }

        /** A charge over the whole billing period: a fee, a credit or a tax. */
        private void fixedRow(int account, String category, Product product, long billed, long effective, long list,
                String quantity, String tags, String subAccount, @Nullable String resource) {
            Account a = ACCOUNTS[account];
            row.setLength(0);
            amount(billed).append(',').append(accountPrefixes[account]);
            row.append(periodStart).append(',').append(periodEnd).append(',').append(category).append(",,");
            row.append(product.description()).append(',');
            row.append(periodStart).append(',').append(periodEnd).append(',');
            amount(list).append(',');
            amount(effective).append(',').append(a.invoiceIssuer()).append(',');
            amount(list).append(',');
            row.append(quantity).append(',').append(quantity.isEmpty() ? "" : product.pricingUnit()).append(',');
            row.append(a.provider()).append(',').append(a.provider()).append(',');
            row.append(product.serviceCategory()).append(',').append(product.serviceName()).append(',');
            if (resource != null) {
                row.append(a.resourcePrefix()).append(product.resourceType()).append(resource);
            }
            row.append(',').append(resource == null ? "" : a.regions()[0]).append(',').append(subAccount).append(',');
            row.append(invoice).append(',');
            row.append(tags).append(',').append(product.usageType()).append('\n');

            if (!"Credit".equals(category) && !"Tax".equals(category)) {
                monthBilled[account] += billed;
            }
            sums[account][0] += billed;
            sums[account][1] += effective;
            sums[account][2] += list;
        }

        private StringBuilder amount(long units) {
            if (units < 0) {
                row.append('-');
                units = -units;
            }
            row.append(units / UNIT).append('.');
            long fraction = units % UNIT;
            for (long digit = UNIT / 10; digit > 0; digit /= 10) {
                row.append((char) ('0' + fraction / digit % 10));
            }
            return row;
        }

        private StringBuilder quantity(long units) {
            row.append(units / QUANTITY_UNIT);
            long fraction = units % QUANTITY_UNIT;
            if (fraction != 0) {
                row.append('.');
                for (long digit = QUANTITY_UNIT / 10; digit > 0 && fraction != 0; digit /= 10) {
                    row.append((char) ('0' + fraction / digit));
                    fraction %= digit;
                }
            }
            return row;
        }

        private StringBuilder twoDigits(int value) {
            return row.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }
    }

    private int pickOwner(double point) {
        int low = 0;
        int high = cumulativeWeights.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulativeWeights[mid] <= point) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static Product creditProduct(Account account, String description) {
        return new Product(account.support().serviceName(), "Other", "", 0, 0, 0, description, "Credit", "");
    }

    private static Product taxProduct(Account account) {
        return new Product("Tax", "Other", "", 0, 0, 0, "Sales tax on the billing period", "Tax", "");
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Writes a file: {@code --rows 1000000 --months 1 --out bill.csv[.gz]}, optionally {@code --first-month 2026-01}
     * and {@code --seed 42}; or {@code --demo 2026-06 --out demo.csv} for the demo organisation's six months.
     * Prints the rows, bytes and speed to standard error.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.containsKey("out")) {
            System.err.println("Usage: FocusFileGenerator --rows 1000000 --months 1 --out bill.csv[.gz] "
                    + "[--first-month 2026-01] [--seed 42]\n       FocusFileGenerator --demo 2026-06 --out demo.csv");
            System.exit(2);
        }
        Spec spec = options.containsKey("demo") ? demo(YearMonth.parse(options.get("demo")))
                : bench(Long.parseLong(options.getOrDefault("rows", "1000000").replace("_", "")),
                        Integer.parseInt(options.getOrDefault("months", "1")));
        if (options.containsKey("first-month")) {
            spec = spec.startingAt(YearMonth.parse(options.get("first-month")));
        }
        if (options.containsKey("seed")) {
            spec = spec.withSeed(Long.parseLong(options.get("seed")));
        }
        Path out = Path.of(options.get("out"));
        long start = System.nanoTime();
        Written written = new FocusFileGenerator(spec).writeTo(out);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ENGLISH, "Wrote %,d rows (%,d bytes) to %s in %.2f s: %,.0f rows/s%n",
                written.rows(), Files.size(out), out, seconds, written.rows() / seconds);
    }
}
