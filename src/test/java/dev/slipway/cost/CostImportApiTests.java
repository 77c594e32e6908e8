package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CostImportApiTests {

    static final String JUNE = "/api/v1/costs?from=2026-06-01&to=2026-07-01";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    TestUsers users;
    HttpApi finance;

    @BeforeEach
    void emptyCostsAndACatalog() {
        CostTestData.clear(jdbc);
        users = new TestUsers(context, port);
        users.person("cost-admin", Role.ADMIN);
        users.person("finn-test", Role.FINANCE);
        finance = new HttpApi(port).withToken(users.token("finn-test", null, Scope.COSTS_READ, Scope.COSTS_WRITE));
        CostTestData.catalog(context);
    }

    @Test
    void anImportAnswersWithItsTotalsAndTheTeamReportReconcilesToTheCent() {
        var file = FocusSample.file()
                .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\",\"service\":\"checkout-api\"}")
                .usage(4, "0.00000080000", "Storage", "Storage", "{\"Team\":\"payments\"}")
                .usage(5, "-2.50", "Compute", "Compute", "{\"team\":\"search\"}")
                .usage(6, "7.10", "Networking", "Networking", "{}")
                .usage(7, "1.15", "Compute", "Compute", "{\"team\":\"nobody\"}");

        var answer = importCsv(file.csv());

        assertThat(answer.status()).isEqualTo(201);
        JsonNode imported = answer.json();
        assertThat(imported.get("state").asString()).isEqualTo("COMMITTED");
        assertThat(imported.get("rowsTotal").asLong()).isEqualTo(5);
        assertThat(imported.get("focusVersion").asString()).isEqualTo("1.2");
        assertThat(money(imported.get("totals").get(0), "billedCost")).isEqualByComparingTo("16.00000080000");
        assertThat(answer.header("Location")).isEqualTo("/api/v1/cost-imports/" + imported.get("id").asLong());

        JsonNode report = finance.get(JUNE + "&groupBy=team").json();
        Map<String, BigDecimal> byTeam = billedByGroup(report);
        assertThat(byTeam).containsOnlyKeys("payments", "search", "Unallocated");
        assertThat(byTeam.get("payments")).isEqualByComparingTo("10.25000080000");
        assertThat(byTeam.get("search")).isEqualByComparingTo("-2.50");
        assertThat(byTeam.get("Unallocated")).isEqualByComparingTo("8.25");
        assertThat(money(report.get("totals").get(0), "billedCost")).isEqualByComparingTo("16.00000080000");
    }

    @Test
    void unallocatedSpendCanBeDrilledIntoByReason() {
        importCsv(FocusSample.file()
                .usage(6, "7.10", "Networking", "Networking", "{}")
                .usage(7, "1.15", "Compute", "Compute", "{\"team\":\"nobody\"}")
                .usage(8, "2.00", "Compute", "Compute", "{\"service\":\"ghost-api\"}").csv());

        Map<String, BigDecimal> byReason = billedByGroup(
                finance.get(JUNE + "&groupBy=reason&team=Unallocated").json());

        assertThat(byReason).hasSize(3);
        assertThat(byReason.get("no team tag")).isEqualByComparingTo("7.10");
        assertThat(byReason.get("team tag 'nobody' matches no team")).isEqualByComparingTo("1.15");
        assertThat(byReason.get("no team tag; service tag 'ghost-api' matches no service")).isEqualByComparingTo("2.00");
    }

    @Test
    void aServiceTagNamesItsTeamAndItsCatalogProjectWhenTheLineHasNone() {
        importCsv(FocusSample.file().usage(3, "4.00", "Compute", "Compute", "{\"app\":\"checkout-api\"}").csv());

        assertThat(billedByGroup(finance.get(JUNE + "&groupBy=team").json())).containsOnlyKeys("payments");
        assertThat(billedByGroup(finance.get(JUNE + "&groupBy=project").json())).containsOnlyKeys("checkout");
        assertThat(billedByGroup(finance.get(JUNE + "&groupBy=service").json())).containsOnlyKeys("checkout-api");
    }

    @Test
    void importingTheSameFileTwiceLeavesTheReportsUnchanged() {
        String csv = FocusSample.file().usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(4, "5.00", "Compute", "Compute", "{\"team\":\"search\"}").csv();
        importCsv(csv);
        String first = finance.get(JUNE + "&groupBy=team&granularity=day").body();

        var again = importCsv(csv);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("replacedRows").asLong()).isEqualTo(2);
        assertThat(finance.get(JUNE + "&groupBy=team&granularity=day").body()).isEqualTo(first);
        assertThat(jdbc.sql("select count(*) from cost_line_item").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aRestatedPeriodReplacesOnlyThatAccountsPeriod() {
        importCsv(FocusSample.file().usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());
        importCsv(FocusSample.file().month("2026-05").usage(3, "1.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());
        importCsv(FocusSample.file().account("acme-azure", "EUR").usage(3, "3.00", "VM", "Compute", "{\"team\":\"search\"}").csv());

        importCsv(FocusSample.file().usage(3, "12.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());

        JsonNode report = finance.get("/api/v1/costs?from=2026-05-01&to=2026-07-01&groupBy=team").json();
        assertThat(report.get("rows").size()).isEqualTo(3);
        assertThat(row(report, "2026-06-01", "payments", "USD")).isEqualByComparingTo("12.00");
        assertThat(row(report, "2026-05-01", "payments", "USD")).isEqualByComparingTo("1.00");
        assertThat(row(report, "2026-06-01", "search", "EUR")).isEqualByComparingTo("3.00");
    }

    @Test
    void aMonthlyFeeIsSpreadOverItsDaysAndTheDaysAddUpToTheMonth() {
        importCsv(FocusSample.file().charge("Purchase", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "100.00",
                "Support", "Management", "{\"team\":\"payments\"}").csv());

        JsonNode daily = finance.get(JUNE + "&groupBy=team&granularity=day").json();

        assertThat(daily.get("rows").size()).isEqualTo(30);
        assertThat(money(daily.get("rows").get(0), "billedCost")).isEqualByComparingTo("3.333333333333");
        assertThat(money(daily.get("rows").get(29), "billedCost")).isEqualByComparingTo("3.333333333343");
        assertThat(money(daily.get("totals").get(0), "billedCost")).isEqualByComparingTo("100.00");
        JsonNode monthly = finance.get(JUNE + "&groupBy=team").json();
        assertThat(money(monthly.get("rows").get(0), "billedCost")).isEqualByComparingTo("100.00");
    }

    @Test
    void dailyReportsAgreeWhicheverRollupAnswersThem() {
        importCsv(FocusSample.file()
                .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\",\"service\":\"checkout-api\"}")
                .usage(3, "1.75", "Storage", "Storage", "{\"team\":\"payments\"}")
                .usage(4, "7.10", "Networking", "Networking", "{}")
                .charge("Purchase", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "100.00", "Support", "Management",
                        "{\"team\":\"search\"}").csv());

        JsonNode byTeam = finance.get(JUNE + "&groupBy=team&granularity=day").json();
        JsonNode byProviderService = finance.get(JUNE + "&groupBy=providerService&granularity=day").json();

        assertThat(billedByPeriod(byTeam)).isEqualTo(billedByPeriod(byProviderService));
        assertThat(money(byTeam.get("totals").get(0), "billedCost")).isEqualByComparingTo("119.10");
    }

    static Map<String, String> billedByPeriod(JsonNode report) {
        var sums = new TreeMap<String, BigDecimal>();
        report.get("rows").forEach(row -> sums.merge(row.get("period").asString(), money(row, "billedCost"),
                BigDecimal::add));
        var plain = new TreeMap<String, String>();
        sums.forEach((period, sum) -> plain.put(period, sum.stripTrailingZeros().toPlainString()));
        return plain;
    }

    @Test
    void currenciesAreReportedApartAndNeverConverted() {
        importCsv(FocusSample.file().usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());
        importCsv(FocusSample.file().account("acme-azure", "EUR").usage(3, "7.00", "VM", "Compute", "{\"team\":\"payments\"}").csv());

        JsonNode report = finance.get(JUNE + "&groupBy=team").json();

        assertThat(report.get("totals").size()).isEqualTo(2);
        assertThat(row(report, "2026-06-01", "payments", "EUR")).isEqualByComparingTo("7.00");
        assertThat(row(report, "2026-06-01", "payments", "USD")).isEqualByComparingTo("10.00");
    }

    @Test
    void aBadFileIsRefusedWithLineNumbersAndChangesNothing() {
        importCsv(FocusSample.file().usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());
        String before = finance.get(JUNE + "&groupBy=team").body();
        String bad = FocusSample.file().usage(3, "99.00", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(4, "abc", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(5, "1.00", "Compute", "Compute", "{not json").csv();

        var refused = importCsv(bad);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("problemCount").asLong()).as(refused.body()).isEqualTo(5); // four costs of line 3, and line 4
        assertThat(problem.get("problems").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(problem.get("problems").get(0).get("reason").asString()).contains("BilledCost", "abc");
        assertThat(problem.get("problems").get(4).get("line").asLong()).isEqualTo(4);
        assertThat(problem.get("problems").get(4).get("reason").asString()).contains("Tags");
        assertThat(finance.get(JUNE + "&groupBy=team").body()).isEqualTo(before);
        assertThat(finance.get("/api/v1/cost-imports/" + problem.get("importId").asLong()).json()
                .get("state").asString()).isEqualTo("FAILED");
    }

    @Test
    void aGzipFileIsDetectedFromItsBytes() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            gzip.write(FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv()
                    .getBytes(StandardCharsets.UTF_8));
        }

        var answer = finance.sendBytes("POST", "/api/v1/cost-imports?name=june.csv.gz", bytes.toByteArray(),
                Map.of("Content-Type", "application/gzip"));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("files").get(0).asString()).isEqualTo("june.csv.gz");
        assertThat(billedByGroup(finance.get(JUNE).json())).containsOnlyKeys("search");
    }

    @Test
    void severalFilesOfOneExportMakeOneImport() {
        var parts = new LinkedHashMap<String, byte[]>();
        parts.put("part-1.csv", FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv()
                .getBytes(StandardCharsets.UTF_8));
        parts.put("part-2.csv", FocusSample.file().usage(4, "3.00", "Compute", "Compute", "{\"team\":\"search\"}").csv()
                .getBytes(StandardCharsets.UTF_8));

        var answer = finance.upload("/api/v1/cost-imports", "files", parts, Map.of());

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("rowsTotal").asLong()).isEqualTo(2);
        assertThat(billedByGroup(finance.get(JUNE).json()).get("search")).isEqualByComparingTo("5.00");
    }

    @Test
    void oneBadPartRefusesTheWholeImportAndNamesTheFile() {
        var parts = new LinkedHashMap<String, byte[]>();
        parts.put("part-1.csv", FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv()
                .getBytes(StandardCharsets.UTF_8));
        parts.put("part-2.csv", "BilledCost\n1\n".getBytes(StandardCharsets.UTF_8));

        var answer = finance.upload("/api/v1/cost-imports", "files", parts, Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("problems").get(0).get("reason").asString()).startsWith("part-2.csv: ");
        assertThat(jdbc.sql("select count(*) from cost_line_item").query(Long.class).single()).isZero();
    }

    @Test
    void aMultipartBodyThatCannotBeTakenApartIsRefusedWithAProblemDetailAndChangesNothing() {
        String csv = FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv();
        // Lines ended by LF alone: the part's headers never end, so the parts cannot be read.
        String body = ("--b\nContent-Disposition: form-data; name=\"files\"; filename=\"june.csv\"\n"
                + "Content-Type: text/csv\n\n" + csv + "\n--b--\n");

        var answer = finance.send("POST", "/api/v1/cost-imports", body, Map.of("Content-Type",
                "multipart/form-data; boundary=b"));

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
        assertThat(jdbc.sql("select count(*) from cost_import").query(Long.class).single()).isZero();
    }

    @Test
    void aNulInTheFileIsReportedOnItsLineAndInTheNameIsKeptAsAReplacementCharacter() {
        String bad = FocusSample.file().usage(3, "1.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv()
                .replace(",1.00,1.00,1.00,1.00,", ",1\u0000.00,1.00,1.00,1.00,");

        var refused = finance.send("POST", "/api/v1/cost-imports?name=june%00.csv", bad, Map.of("Content-Type",
                "text/csv"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problems").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(refused.json().get("problems").get(0).get("reason").asString()).contains("BilledCost", "1\ufffd.00")
                .doesNotContain("SQL");
        assertThat(finance.get("/api/v1/cost-imports/" + refused.json().get("importId").asLong()).json().get("files")
                .get(0).asString()).isEqualTo("june\ufffd.csv");
    }

    @Test
    void aNulInABillingAccountIsKeptAsAReplacementCharacter() {
        var answer = importCsv(FocusSample.file().account("acme\u0000aws", "USD")
                .usage(3, "2.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("periods").get(0).get("billingAccountId").asString()).isEqualTo("acme\ufffdaws");
    }

    @Test
    void aRowWithoutItsBillingAccountOrChargeCategoryIsAProblemOnItsLine() {
        String csv = FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{}")
                .usage(4, "2.00", "Compute", "Compute", "{}").csv();
        String[] lines = csv.split("\n");
        lines[1] = lines[1].replaceFirst("^acme-aws,", ",");
        lines[2] = lines[2].replace(",Usage,", ",,");

        var refused = importCsv(String.join("\n", lines) + "\n");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(problems.get(0).get("reason").asString()).contains("BillingAccountId is empty");
        assertThat(problems.get(1).get("line").asLong()).isEqualTo(3);
        assertThat(problems.get(1).get("reason").asString()).contains("ChargeCategory is empty");
    }

    @Test
    void brokenQuotingIsAProblemOnItsLineNotAnErrorOfSlipway() {
        String csv = FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{}").csv()
                .replace("\"Compute, Usage\"", "\"Compute, Usage\"x");

        var refused = importCsv(csv);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problem = refused.json().get("problems").get(0);
        assertThat(problem.get("line").asLong()).isEqualTo(2);
        assertThat(problem.get("reason").asString()).startsWith("the CSV is broken from this row on")
                .doesNotContain("Exception");
    }

    @Test
    void aNulInATagIsDroppedAsInEveryOtherTextColumn() {
        var answer = importCsv(FocusSample.file()
                .usage(3, "2.00", "Compute", "Compute", "{\"team\":\"pay\\u0000ments\"}").csv());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(billedByGroup(finance.get(JUNE + "&groupBy=team").json()).get("payments")).isEqualByComparingTo("2.00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/costs/estimates?from=%2B999999999-12-31",
        "/api/v1/costs/export?from=%2B999999999-12-31", "/api/v1/costs?from=2026-01-01&to=%2B999999999-12-31",
        "/api/v1/costs/movers?month=-999999999-01-01"})
    void aDateBeyondFourDigitYearsIsRefusedNamingTheParameter(String path) {
        var refused = finance.get(path);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("message").asString()).isEqualTo(
                "must be a date between 0001-01-01 and 9999-12-31");
    }

    @Test
    void anAsynchronousImportAnswersAtOnceAndIsFollowedAtItsLocation() {
        var answer = finance.send("POST", "/api/v1/cost-imports", FocusSample.file()
                .usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv(),
                Map.of("Content-Type", "text/csv", "Prefer", "respond-async"));

        assertThat(answer.status()).isEqualTo(202);
        String location = answer.header("Location");
        await().atMost(Duration.ofSeconds(20)).until(() -> finance.get(location).json().get("state").asString()
                .equals("COMMITTED"));
        assertThat(finance.get(location).json().get("progressPercent").asInt()).isEqualTo(100);
    }

    @Test
    void anAliasMapsATagValueToATeamAndTheRollupsFollow() {
        importCsv(FocusSample.file().usage(3, "6.00", "Compute", "Compute", "{\"team\":\"ViennaAI\"}").csv());
        assertThat(billedByGroup(finance.get(JUNE).json())).containsOnlyKeys("Unallocated");

        var created = finance.post("/api/v1/cost-allocation/aliases", """
                {"dimension": "team", "tagValue": "ViennaAI", "target": "search"}""");

        assertThat(created.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> billedByGroup(finance.get(JUNE).json()).containsKey("search"));
        assertThat(billedByGroup(finance.get(JUNE).json())).containsOnlyKeys("search");
    }

    @Test
    void sharedCostsAreDistributedInProportionToDirectSpendAndStillReconcile() {
        var rule = finance.post("/api/v1/cost-allocation/shared-rules", """
                {"name": "Platform", "matchProject": "shared-platform", "method": "PROPORTIONAL"}""");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        importCsv(FocusSample.file()
                .usage(3, "30.00", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(3, "10.00", "Compute", "Compute", "{\"team\":\"search\"}")
                .usage(4, "10.00", "Networking", "Networking", "{\"project\":\"shared-platform\"}").csv());

        Map<String, BigDecimal> byTeam = billedByGroup(finance.get(JUNE).json());
        assertThat(byTeam).containsOnlyKeys("payments", "search");
        assertThat(byTeam.get("payments")).isEqualByComparingTo("37.50");
        assertThat(byTeam.get("search")).isEqualByComparingTo("12.50");
        Map<String, BigDecimal> byAllocation = billedByGroup(finance.get(JUNE + "&groupBy=allocation").json());
        assertThat(byAllocation).hasSize(2);
        assertThat(byAllocation.get("DIRECT")).isEqualByComparingTo("40.00");
        assertThat(byAllocation.get("SHARED")).isEqualByComparingTo("10.00");
    }

    @Test
    void fixedSharesSplitByPercentAndTheRemainderLandsOnTheLargestShare() {
        var rule = finance.post("/api/v1/cost-allocation/shared-rules", """
                {"name": "Support", "matchProviderService": "Support", "method": "FIXED",
                 "shares": {"payments": 66.67, "search": 33.33}}""");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        importCsv(FocusSample.file().usage(4, "0.01", "Support", "Management", "{}").csv());

        Map<String, BigDecimal> byTeam = billedByGroup(finance.get(JUNE).json());

        assertThat(byTeam.get("payments").add(byTeam.get("search"))).isEqualByComparingTo("0.01");
        assertThat(byTeam.get("payments")).isGreaterThan(byTeam.get("search"));
    }

    @Test
    void developersSeeOnlyTheirOwnTeamsCosts() {
        importCsv(FocusSample.file().usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(3, "5.00", "Compute", "Compute", "{\"team\":\"search\"}")
                .usage(3, "1.00", "Compute", "Compute", "{}").csv());
        users.person("dev-pay", Role.DEVELOPER);
        users.member("payments", "dev-pay", TeamRole.MEMBER);
        var developer = new HttpApi(port).withToken(users.token("dev-pay", null, Scope.COSTS_READ));

        assertThat(billedByGroup(developer.get(JUNE).json())).containsOnlyKeys("payments");
        assertThat(developer.get(JUNE + "&team=search").status()).isEqualTo(403);
        assertThat(developer.get("/api/v1/cost-imports").status()).isEqualTo(403);
        assertThat(developer.get("/api/v1/cost-allocation").status()).isEqualTo(403);
    }

    @Test
    void peopleWithoutATeamOrTheFinanceRoleSeeNoCosts() {
        users.person("dev-none", Role.DEVELOPER);
        var outsider = new HttpApi(port).withToken(users.token("dev-none", null, Scope.COSTS_READ));

        assertThat(outsider.get(JUNE).status()).isEqualTo(403);
        assertThat(outsider.sendBytes("POST", "/api/v1/cost-imports", FocusSample.file().csv().getBytes(),
                Map.of("Content-Type", "text/csv")).status()).isEqualTo(403);
    }

    @Test
    void aTokenWithoutTheWriteScopeCannotImport() {
        var readOnly = new HttpApi(port).withToken(users.token("finn-test", null, Scope.COSTS_READ));

        var refused = readOnly.sendBytes("POST", "/api/v1/cost-imports", FocusSample.file()
                .usage(3, "1.00", "Compute", "Compute", "{}").csv().getBytes(), Map.of("Content-Type", "text/csv"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("costs:write");
        assertThat(jdbc.sql("select count(*) from cost_line_item").query(Long.class).single()).isZero();
    }

    @Test
    void theFocusExportCarriesSlipwaysAllocationBesideTheBillsColumns() {
        importCsv(FocusSample.file().usage(3, "0.00000080000", "Compute", "Compute", "{\"app\":\"checkout-api\"}")
                .usage(4, "7.10", "Networking", "Networking", "{}").csv());

        var export = finance.get("/api/v1/costs/export?from=2026-06-01&to=2026-07-01");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        var lines = export.body().lines().toList();
        assertThat(lines.get(0)).startsWith("BilledCost,BillingAccountId,").endsWith(
                "x_SlipwayTeam,x_SlipwayProject,x_SlipwayService,x_SlipwayEnvironment,x_SlipwayUnallocatedReason");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("0.00000080000,acme-aws,").endsWith(",payments,checkout,checkout-api,,");
        assertThat(lines.get(2)).startsWith("7.10,").endsWith(",,,,,no team tag");
    }

    @Test
    void aDeveloperExportsOnlyTheirOwnTeam() {
        users.person("dev-export", Role.DEVELOPER);
        users.member("search", "dev-export", TeamRole.MEMBER);
        var developer = new HttpApi(port).withToken(users.token("dev-export", null, Scope.COSTS_READ));

        assertThat(developer.get("/api/v1/costs/export?from=2026-06-01&to=2026-07-01").status()).isEqualTo(403);
        assertThat(developer.get("/api/v1/costs/export?from=2026-06-01&to=2026-07-01&team=payments").status())
                .isEqualTo(403);
        assertThat(developer.get("/api/v1/costs/export?from=2026-06-01&to=2026-07-01&team=search").status())
                .isEqualTo(200);
    }

    @Test
    void aFileSpanningTwoBillingMonthsGivesEachItsPartition() {
        String may = FocusSample.file().month("2026-05").usage(3, "1.00", "Compute", "Compute", "{\"team\":\"search\"}").csv();
        String june = FocusSample.file().usage(3, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv();

        var answer = importCsv(may + june.substring(june.indexOf('\n') + 1));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from cost_line_item_default").query(Long.class).single()).isZero();
        JsonNode report = finance.get("/api/v1/costs?from=2026-05-01&to=2026-07-01").json();
        assertThat(row(report, "2026-05-01", "search", "USD")).isEqualByComparingTo("1.00");
        assertThat(row(report, "2026-06-01", "search", "USD")).isEqualByComparingTo("2.00");
    }

    @Test
    void aRowWithoutCurrencyTakesTheFilesOnlyCurrencyWithAWarning() {
        String csv = FocusSample.file().usage(3, "1.00", "Compute", "Compute", "{\"team\":\"search\"}")
                .usage(4, "2.00", "Compute", "Compute", "{\"team\":\"search\"}").csv();
        String[] lines = csv.split("\n");
        lines[2] = lines[2].replace(",USD,", ",,");

        var answer = importCsv(String.join("\n", lines) + "\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("warnings").get(0).get("message").asString()).contains("USD");
        assertThat(money(answer.json().get("totals").get(0), "billedCost")).isEqualByComparingTo("3.00");
        assertThat(billedByGroup(finance.get(JUNE).json()).get("search")).isEqualByComparingTo("3.00");
    }

    @Test
    void badReportParametersGetProblemDetails() {
        assertThat(finance.get("/api/v1/costs?groupBy=planet").status()).isEqualTo(400);
        assertThat(finance.get("/api/v1/costs?from=2026-07-01&to=2026-06-01").json().get("errors").get(0)
                .get("field").asString()).isEqualTo("to");
        assertThat(finance.get("/api/v1/costs?granularity=week").status()).isEqualTo(400);
        assertThat(finance.get("/api/v1/costs?from=yesterday").status()).isEqualTo(400);
    }

    HttpApi.Response importCsv(String csv) {
        return finance.send("POST", "/api/v1/cost-imports", csv, Map.of("Content-Type", "text/csv"));
    }

    static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asString());
    }

    static Map<String, BigDecimal> billedByGroup(JsonNode report) {
        var sums = new LinkedHashMap<String, BigDecimal>();
        report.get("rows").forEach(row -> sums.merge(row.get("group").asString(), money(row, "billedCost"),
                BigDecimal::add));
        return sums;
    }

    static BigDecimal row(JsonNode report, String period, String group, String currency) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("period").asString().equals(period) && row.get("group").asString().equals(group)
                    && row.get("currency").asString().equals(currency)) {
                return money(row, "billedCost");
            }
        }
        throw new AssertionError("no row " + period + " " + group + " " + currency + " in " + report);
    }
}
