package dev.slipway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.demo.FocusFileGenerator.Spec;
import dev.slipway.demo.FocusFileGenerator.Totals;
import dev.slipway.demo.FocusFileGenerator.Written;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class FocusFileGeneratorTests {

    private static final YearMonth JUNE = YearMonth.of(2026, 6);

    @Test
    void theSameSpecWritesTheSameBytes() throws IOException {
        Spec spec = FocusFileGenerator.demo(JUNE);

        assertThat(text(spec)).isEqualTo(text(spec));
        assertThat(text(spec.withSeed(spec.seed() + 1))).isNotEqualTo(text(spec));
    }

    @Test
    void writesAsManyRowsAsAsked() throws IOException {
        Spec spec = FocusFileGenerator.bench(12_345, 3);
        var out = new StringWriter();

        Written written = new FocusFileGenerator(spec).write(out);

        assertThat(written.rows()).isEqualTo(12_345);
        assertThat(out.toString().lines().count()).isEqualTo(12_345 + 1);
        assertThat(FocusFileGenerator.demo(JUNE).rows()).isEqualTo(20_000);
        assertThat(records(text(FocusFileGenerator.demo(JUNE)))).hasSize(20_000);
    }

    @Test
    void aMonthAloneIsThatMonthOfTheWholeFile() throws IOException {
        Spec spec = FocusFileGenerator.bench(9_000, 3);
        var generator = new FocusFileGenerator(spec);
        String all = text(spec);
        var months = new StringBuilder();
        for (YearMonth month : spec.monthList()) {
            var out = new StringWriter();
            Written written = generator.write(out, month);
            assertThat(written.rows()).isEqualTo(3_000);
            months.append(out.toString().substring(out.toString().indexOf('\n') + 1));
        }

        assertThat(all.substring(all.indexOf('\n') + 1)).isEqualTo(months.toString());
    }

    @Test
    void theHeaderHasEveryMandatoryFocusColumnAndTheExtras() throws IOException {
        String header = text(FocusFileGenerator.bench(1_000, 1)).lines().findFirst().orElseThrow();

        assertThat(List.of(header.split(","))).containsAll(FocusFileGenerator.MANDATORY_COLUMNS)
                .contains("ResourceId", "RegionName", "SubAccountId", "Tags")
                .anyMatch(column -> column.startsWith("x_"));
    }

    @Test
    void everyChargeLiesInsideItsBillingPeriodAndAmountsAreDecimals() throws IOException {
        Spec spec = FocusFileGenerator.demo(JUNE);
        Map<String, String> categories = new HashMap<>();
        int monthlyFees = 0;

        for (CSVRecord row : records(text(spec))) {
            Instant billingStart = Instant.parse(row.get("BillingPeriodStart"));
            Instant billingEnd = Instant.parse(row.get("BillingPeriodEnd"));
            Instant chargeStart = Instant.parse(row.get("ChargePeriodStart"));
            Instant chargeEnd = Instant.parse(row.get("ChargePeriodEnd"));
            assertThat(row.get("ChargePeriodStart")).endsWith("Z");
            YearMonth month = YearMonth.from(billingStart.atZone(ZoneOffset.UTC));
            assertThat(billingStart).isEqualTo(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(billingEnd).isEqualTo(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(chargeStart).isAfterOrEqualTo(billingStart).isBefore(billingEnd);
            assertThat(chargeEnd).isAfter(chargeStart).isBeforeOrEqualTo(billingEnd);

            BigDecimal billed = new BigDecimal(row.get("BilledCost"));
            BigDecimal effective = new BigDecimal(row.get("EffectiveCost"));
            BigDecimal list = new BigDecimal(row.get("ListCost"));
            BigDecimal contracted = new BigDecimal(row.get("ContractedCost"));
            assertThat(List.of(billed, effective, list, contracted)).allMatch(amount -> amount.scale() <= 10);
            assertThat(list).isGreaterThanOrEqualTo(effective);
            if (!row.get("PricingQuantity").isEmpty()) {
                assertThat(new BigDecimal(row.get("PricingQuantity"))).isPositive();
            }
            String category = row.get("ChargeCategory");
            categories.put(category, row.get("BillingCurrency"));
            if (category.equals("Credit")) {
                assertThat(billed).isNegative();
            } else {
                assertThat(billed).isPositive();
            }
            if (category.equals("Purchase") && chargeStart.equals(billingStart) && chargeEnd.equals(billingEnd)) {
                monthlyFees++;
            }
        }

        assertThat(categories).containsOnlyKeys("Usage", "Purchase", "Credit", "Tax");
        assertThat(monthlyFees).isEqualTo(6 * 2);
    }

    @Test
    void billingAccountsArePerCurrencyAndSomeAmountsAreBelowOneCent() throws IOException {
        Map<String, String> accounts = new TreeMap<>();
        boolean subCent = false;
        for (CSVRecord row : records(text(FocusFileGenerator.demo(JUNE)))) {
            accounts.put(row.get("BillingAccountId"), row.get("BillingCurrency") + " " + row.get("ProviderName"));
            subCent |= new BigDecimal(row.get("BilledCost")).compareTo(new BigDecimal("0.000001")) < 0
                    && row.get("BilledCost").startsWith("0.000000");
        }

        assertThat(accounts).containsExactlyEntriesOf(new TreeMap<>(
                Map.of("acme-aws-usd", "USD AWS", "acme-azure-eur", "EUR Microsoft")));
        assertThat(subCent).isTrue();
    }

    @Test
    void theTotalsAreTheSumsOfTheRows() throws IOException {
        Spec spec = FocusFileGenerator.demo(JUNE);
        var out = new StringWriter();
        Written written = new FocusFileGenerator(spec).write(out);
        Map<String, BigDecimal> billed = new TreeMap<>();
        Map<String, BigDecimal> list = new TreeMap<>();
        for (CSVRecord row : records(out.toString())) {
            billed.merge(row.get("BillingCurrency"), new BigDecimal(row.get("BilledCost")), BigDecimal::add);
            list.merge(row.get("BillingCurrency"), new BigDecimal(row.get("ListCost")), BigDecimal::add);
        }

        assertThat(written.totals()).extracting(Totals::currency).containsExactly("USD", "EUR");
        for (Totals totals : written.totals()) {
            assertThat(totals.billedCost()).isEqualByComparingTo(billed.get(totals.currency()));
            assertThat(totals.listCost()).isEqualByComparingTo(list.get(totals.currency()));
        }
    }

    @Test
    void theUntaggedShareIsRoughlyAsAskedAndSharedCostsHaveNoTeam() throws IOException {
        Spec spec = FocusFileGenerator.bench(60_000, 1);
        int usage = 0;
        int untagged = 0;
        int shared = 0;
        for (CSVRecord row : records(text(spec))) {
            if (!row.get("ChargeCategory").equals("Usage")) {
                continue;
            }
            usage++;
            String tags = row.get("Tags");
            if (tags.equals("{}")) {
                untagged++;
            } else if (tags.contains("\"project\":\"shared-platform\"")) {
                shared++;
                assertThat(tags).doesNotContain("\"team\"");
            } else {
                assertThat(tags).startsWith("{\"team\":\"").contains("\"service\":\"", "\"env\":\"", "\"project\":\"");
            }
        }

        assertThat((double) untagged / usage).isBetween(spec.untaggedShare() - 0.01, spec.untaggedShare() + 0.01);
        assertThat(shared).isPositive();
    }

    @Test
    void theAnomalyDayStandsOut() throws IOException {
        Spec spec = FocusFileGenerator.demo(JUNE);
        LocalDate anomalyDay = spec.anomaly().day();
        Map<LocalDate, BigDecimal> daily = new TreeMap<>();
        for (CSVRecord row : records(text(spec))) {
            if (row.get("Tags").contains("\"service\":\"" + spec.anomaly().service() + "\"")) {
                LocalDate day = LocalDate.ofInstant(Instant.parse(row.get("ChargePeriodStart")), ZoneOffset.UTC);
                daily.merge(day, new BigDecimal(row.get("EffectiveCost")), BigDecimal::add);
            }
        }
        var usual = new ArrayList<BigDecimal>();
        daily.forEach((day, cost) -> {
            if (YearMonth.from(day).equals(JUNE) && !day.equals(anomalyDay)) {
                usual.add(cost);
            }
        });
        usual.sort(null);
        BigDecimal median = usual.get(usual.size() / 2);

        assertThat(anomalyDay).isEqualTo(LocalDate.of(2026, 6, 20));
        assertThat(daily.get(anomalyDay)).isGreaterThan(median.multiply(BigDecimal.valueOf(3)));
        assertThat(daily.get(anomalyDay)).isGreaterThan(usual.get(usual.size() - 1));
    }

    @Test
    void theDemoCoversSixMonthsEndingWithTheGivenOne() {
        Spec spec = FocusFileGenerator.demo(JUNE);

        assertThat(spec.monthList()).first().isEqualTo(YearMonth.of(2026, 1));
        assertThat(spec.monthList()).last().isEqualTo(JUNE);
        assertThat(spec.owners()).extracting(FocusFileGenerator.Owner::team)
                .containsOnly("payments", "identity", "search", "platform");
        assertThat(spec.sharedProject()).isEqualTo("shared-platform");
        assertThat(FocusFileGenerator.bench(1_000, 1).owners()).hasSize(40 * 10 * 3);
    }

    @Test
    void refusesFewerRowsThanTheFixedChargesOfAMonth() {
        assertThatThrownBy(() -> FocusFileGenerator.bench(5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(Spec spec) throws IOException {
        var out = new StringWriter();
        new FocusFileGenerator(spec).write(out);
        return out.toString();
    }

    private static List<CSVRecord> records(String text) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }
}
