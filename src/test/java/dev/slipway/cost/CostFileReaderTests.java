package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CostFileReaderTests {

    /** A valid FOCUS 1.0 row; tests override single values by column name. */
    private static final Map<String, String> FOCUS_ROW = new LinkedHashMap<>();
    static {
        FOCUS_ROW.put("BilledCost", "12.50");
        FOCUS_ROW.put("BillingAccountId", "acc-1");
        FOCUS_ROW.put("BillingAccountName", "Main account");
        FOCUS_ROW.put("BillingCurrency", "EUR");
        FOCUS_ROW.put("BillingPeriodStart", "2024-09-01T00:00:00Z");
        FOCUS_ROW.put("BillingPeriodEnd", "2024-10-01T00:00:00Z");
        FOCUS_ROW.put("ChargeCategory", "Usage");
        FOCUS_ROW.put("ChargeClass", "");
        FOCUS_ROW.put("ChargeDescription", "Compute hours");
        FOCUS_ROW.put("ChargePeriodStart", "2024-09-18T00:00:00Z");
        FOCUS_ROW.put("ChargePeriodEnd", "2024-09-18T01:00:00Z");
        FOCUS_ROW.put("ContractedCost", "12.50");
        FOCUS_ROW.put("EffectiveCost", "11.00");
        FOCUS_ROW.put("InvoiceIssuerName", "Microsoft");
        FOCUS_ROW.put("ListCost", "13.00");
        FOCUS_ROW.put("PricingQuantity", "1");
        FOCUS_ROW.put("PricingUnit", "Hours");
        FOCUS_ROW.put("ProviderName", "Microsoft");
        FOCUS_ROW.put("PublisherName", "Microsoft");
        FOCUS_ROW.put("ServiceCategory", "Compute");
        FOCUS_ROW.put("ServiceName", "Virtual Machines");
        FOCUS_ROW.put("ResourceId", "vm-1");
        FOCUS_ROW.put("RegionId", "westeurope");
        FOCUS_ROW.put("Tags", "");
    }

    private static final String FOCUS_HEADER = String.join(",", FOCUS_ROW.keySet());

    private static final String CUR_HEADER = "identity/LineItemId,bill/PayerAccountId,bill/BillingPeriodStartDate,"
            + "bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,"
            + "lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageAmount,lineItem/CurrencyCode,"
            + "lineItem/UnblendedCost,lineItem/ResourceId,lineItem/LineItemDescription,product/ProductName,"
            + "product/productFamily,product/region,pricing/unit,pricing/publicOnDemandCost,"
            + "savingsPlan/SavingsPlanEffectiveCost,resourceTags/user:team,resourceTags/user:Env,"
            + "resourceTags/aws:createdBy";

    /** A FOCUS 1.0 row with the given column/value pairs replaced (values as CSV text). */
    private static String row(String... overrides) {
        Map<String, String> values = new LinkedHashMap<>(FOCUS_ROW);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return String.join(",", values.values());
    }

    private static String focus(String... rows) {
        return FOCUS_HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    private static Result read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static Result read(byte[] bytes) {
        ImportReport report = new ImportReport();
        List<CostLine> lines = new ArrayList<>();
        try (CostFileReader reader = CostFileReader.open(new ByteArrayInputStream(bytes), report)) {
            long rows = reader.read(lines::add);
            return new Result(reader, report, lines, rows);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private record Result(CostFileReader reader, ImportReport report, List<CostLine> lines, long rows) {

        CostLine line() {
            assertThat(this.lines).hasSize(1);
            return this.lines.get(0);
        }

    }

    @Test
    void readsFocus10WithProviderName() {
        Result result = read(focus(row()));
        assertThat(result.reader.format()).isEqualTo(CostFileFormat.FOCUS);
        assertThat(result.reader.focusVersion()).isEqualTo("1.0");
        assertThat(result.report.failed()).isFalse();
        assertThat(result.report.warnings()).isEmpty();
        CostLine line = result.line();
        assertThat(line.line()).isEqualTo(2);
        assertThat(line.billingAccountId()).isEqualTo("acc-1");
        assertThat(line.billingAccountName()).isEqualTo("Main account");
        assertThat(line.billingPeriodStart()).isEqualTo(Instant.parse("2024-09-01T00:00:00Z"));
        assertThat(line.billingPeriodEnd()).isEqualTo(Instant.parse("2024-10-01T00:00:00Z"));
        assertThat(line.chargePeriodStart()).isEqualTo(Instant.parse("2024-09-18T00:00:00Z"));
        assertThat(line.chargePeriodEnd()).isEqualTo(Instant.parse("2024-09-18T01:00:00Z"));
        assertThat(line.chargeCategory()).isEqualTo("Usage");
        assertThat(line.billedCost()).hasToString("12.50");
        assertThat(line.effectiveCost()).hasToString("11.00");
        assertThat(line.listCost()).hasToString("13.00");
        assertThat(line.contractedCost()).hasToString("12.50");
        assertThat(line.currency()).isEqualTo("EUR");
        assertThat(line.provider()).isEqualTo("Microsoft");
        assertThat(line.publisher()).isEqualTo("Microsoft");
        assertThat(line.invoiceIssuer()).isEqualTo("Microsoft");
        assertThat(line.serviceName()).isEqualTo("Virtual Machines");
        assertThat(line.serviceCategory()).isEqualTo("Compute");
        assertThat(line.pricingQuantity()).hasToString("1");
        assertThat(line.pricingUnit()).isEqualTo("Hours");
        assertThat(line.resourceId()).isEqualTo("vm-1");
        assertThat(line.region()).isEqualTo("westeurope");
        assertThat(line.tags()).isEmpty();
        assertThat(line.extra()).isEmpty();
        assertThat(result.reader.currencies()).containsExactly("EUR");
        assertThat(result.rows).isEqualTo(1);
    }

    @Test
    void detectsFocus11ByItsAddedColumns() {
        Result result = read(FOCUS_HEADER + ",SkuMeter,ServiceSubcategory\n" + row() + ",Compute Hour,Virtual Machines\n");
        assertThat(result.reader.focusVersion()).isEqualTo("1.1");
        assertThat(result.line().extra()).containsEntry("SkuMeter", "Compute Hour");
        assertThat(result.report.warnings()).isEmpty();
    }

    @Test
    void detectsFocus12ByItsAddedColumns() {
        Result result = read(FOCUS_HEADER + ",SkuMeter,BillingAccountType,InvoiceId\n" + row() + ",Hour,Billing Profile,INV-1\n");
        assertThat(result.reader.focusVersion()).isEqualTo("1.2");
        assertThat(result.line().extra()).containsEntry("BillingAccountType", "Billing Profile")
            .containsEntry("InvoiceId", "INV-1");
        assertThat(result.report.warnings()).isEmpty();
    }

    @Test
    void readsFocus13PreferringServiceProviderName() {
        Result result = read(FOCUS_HEADER + ",ServiceProviderName,HostProviderName\n" + row() + ",Contoso,Microsoft\n");
        assertThat(result.reader.focusVersion()).isEqualTo("1.3");
        CostLine line = result.line();
        assertThat(line.provider()).isEqualTo("Contoso");
        assertThat(line.extra()).containsEntry("ProviderName", "Microsoft").containsEntry("HostProviderName", "Microsoft");
    }

    @Test
    void readsFocus13WithoutProviderNameOrPublisherName() {
        String header = FOCUS_HEADER.replace("ProviderName,PublisherName,", "ServiceProviderName,");
        String row = row().replace("Microsoft,Microsoft,Compute", "Contoso,Compute");
        Result result = read(header + "\n" + row + "\n");
        assertThat(result.report.failed()).isFalse();
        assertThat(result.line().provider()).isEqualTo("Contoso");
        assertThat(result.line().publisher()).isEqualTo("Contoso");
    }

    @Test
    void readsColumnsInAnyOrderAndTrimsHeaderNames() {
        List<String> names = new ArrayList<>(FOCUS_ROW.keySet());
        Collections.reverse(names);
        List<String> values = new ArrayList<>(FOCUS_ROW.values());
        Collections.reverse(values);
        String header = String.join(",", names).replace("BilledCost", " BilledCost ");
        Result result = read(header + "\n" + String.join(",", values) + "\n");
        assertThat(result.report.failed()).isFalse();
        assertThat(result.line().billedCost()).hasToString("12.50");
        assertThat(result.line().billingAccountId()).isEqualTo("acc-1");
    }

    @Test
    void keepsQuotedCommasAndDoubledQuotesInChargeDescription() {
        Result result = read(focus(row("ChargeDescription", "\"D2s v3, \"\"Linux\"\" 1 hour\"", "BilledCost", "\"12.50\"")));
        assertThat(result.line().chargeDescription()).isEqualTo("D2s v3, \"Linux\" 1 hour");
        assertThat(result.line().billedCost()).hasToString("12.50");
    }

    @Test
    void leavesEmptyOptionalValuesNull() {
        Result result = read(focus(row("ResourceId", "", "RegionId", "", "PricingQuantity", "", "PricingUnit", "")));
        CostLine line = result.line();
        assertThat(line.chargeClass()).isNull();
        assertThat(line.resourceId()).isNull();
        assertThat(line.region()).isNull();
        assertThat(line.pricingQuantity()).isNull();
        assertThat(line.pricingUnit()).isNull();
        assertThat(line.resourceName()).isNull();
        assertThat(result.report.warnings()).isEmpty();
    }

    @Test
    void readsENotationExactly() {
        Result result = read(focus(row("BilledCost", "1.5E-7", "EffectiveCost", "-3.2e2")));
        assertThat(result.line().billedCost()).hasToString("1.5E-7");
        assertThat(result.line().billedCost().toPlainString()).isEqualTo("0.00000015");
        assertThat(result.line().effectiveCost().toPlainString()).isEqualTo("-320");
    }

    @Test
    void keepsScaleOfSubCentValuesAndNegativeCredits() {
        Result result = read(focus(row("BilledCost", "0.00000080000", "EffectiveCost", "-0.0000001230",
                "ChargeCategory", "Credit")));
        assertThat(result.line().billedCost().toPlainString()).isEqualTo("0.00000080000");
        assertThat(result.line().effectiveCost().toPlainString()).isEqualTo("-0.0000001230");
    }

    @Test
    void readsJsonTagsWithNumberBooleanAndNullValues() {
        String tags = "\"{\"\"team\"\": \"\"payments\"\", \"\"cores\"\": 4, \"\"ratio\"\": 0.50, \"\"prod\"\": true, "
                + "\"\"temp\"\": false, \"\"owner\"\": null}\"";
        Result result = read(focus(row("Tags", tags)));
        assertThat(result.line().tags()).containsExactly(Map.entry("team", "payments"), Map.entry("cores", "4"),
                Map.entry("ratio", "0.50"), Map.entry("prod", "true"), Map.entry("temp", "false"));
        assertThat(result.report.warnings()).isEmpty();
    }

    @Test
    void normalisesTagKeysWithOneWarningPerKind() {
        String tags = "\"{\"\"ms:Department\"\": \"\"sales\"\", \"\" env \"\": \"\"prod\"\", \"\"Team\"\": \"\"a\"\"}\"";
        Result result = read(focus(row("Tags", tags), row("Tags", tags)));
        assertThat(result.lines.get(0).tags()).containsExactly(Map.entry("department", "sales"),
                Map.entry("env", "prod"), Map.entry("team", "a"));
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("tag keys lower-cased", 4L, 2L),
                    tuple("tag key prefixes removed (ms:Department → department)", 2L, 2L),
                    tuple("tag keys trimmed", 2L, 2L));
    }

    @Test
    void keepsFirstNonEmptyValueWhenTagKeysNormaliseAlike() {
        String tags = "\"{\"\"Team\"\": \"\"\"\", \"\"user:team\"\": \"\"payments\"\", \"\"team\"\": \"\"other\"\"}\"";
        Result result = read(focus(row("Tags", tags)));
        assertThat(result.line().tags()).containsExactly(Map.entry("team", "payments"));
    }

    @Test
    void keepsExtraColumnsAndWarnsOnceAboutUnprefixedOnes() {
        Result result = read(FOCUS_HEADER + ",x_CostCenter,SubAccountId,Meter,Notes\n" + row() + ",cc-7,sub-1,m-1,\n"
                + row() + ",cc-8,sub-1,m-2,hello\n");
        assertThat(result.lines.get(0).extra()).containsExactly(Map.entry("x_CostCenter", "cc-7"),
                Map.entry("SubAccountId", "sub-1"), Map.entry("Meter", "m-1"));
        assertThat(result.lines.get(1).extra()).containsEntry("Notes", "hello");
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("columns not in FOCUS kept as extra data: Meter, Notes", 1L, 1L));
    }

    @Test
    void readsGzipDetectedByMagicBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(focus(row(), row("BilledCost", "3")).getBytes(StandardCharsets.UTF_8));
        }
        Result result = read(bytes.toByteArray());
        assertThat(result.report.failed()).isFalse();
        assertThat(result.lines).extracting(CostLine::billedCost).map(Object::toString).containsExactly("12.50", "3");
    }

    @Test
    void readsUtf8WithBomAndNonAsciiText() {
        byte[] text = focus(row("ChargeDescription", "Speicher für Überstunden – 東京", "BillingAccountName", "Café"))
            .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Result result = read(bytes);
        assertThat(result.report.failed()).isFalse();
        assertThat(result.line().chargeDescription()).isEqualTo("Speicher für Überstunden – 東京");
        assertThat(result.line().billingAccountName()).isEqualTo("Café");
        assertThat(result.line().billedCost()).hasToString("12.50");
    }

    @Test
    void toleratesDateWithSpaceAndNoZoneWithOneWarning() {
        Result result = read(focus(row(), row("ChargePeriodStart", "2024-09-18 22:00:00", "ChargePeriodEnd",
                "2024-09-18 23:00:00")));
        assertThat(result.report.failed()).isFalse();
        assertThat(result.lines.get(1).chargePeriodStart()).isEqualTo(Instant.parse("2024-09-18T22:00:00Z"));
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple(CostValues.DATE_SPACE_NO_ZONE, 2L, 3L));
    }

    @Test
    void readsChargePeriodEndBeforeStartAsProblemAfterTolerating() {
        Result result = read(focus(row("ChargePeriodStart", "2024-09-18 22:00:00")));
        assertThat(result.report.problems()).extracting(ImportProblem::line).containsExactly(2L);
        assertThat(result.report.problems().get(0).reason()).startsWith("ChargePeriodEnd 2024-09-18T01:00:00Z is not after");
    }

    @Test
    void toleratesDateWithoutZoneWithOneWarning() {
        Result result = read(focus(row(), row(), row("BillingPeriodStart", "2024-09-01T00:00:00",
                "BillingPeriodEnd", "2024-10-01T00:00:00")));
        assertThat(result.lines.get(2).billingPeriodEnd()).isEqualTo(Instant.parse("2024-10-01T00:00:00Z"));
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple(CostValues.DATE_NO_ZONE, 2L, 4L));
    }

    @Test
    void toleratesDateOnlyAsMidnightUtcWithOneWarning() {
        Result result = read(focus(row("BillingPeriodStart", "2024-09-01", "BillingPeriodEnd", "2024-10-01")));
        assertThat(result.line().billingPeriodStart()).isEqualTo(Instant.parse("2024-09-01T00:00:00Z"));
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple(CostValues.DATE_ONLY, 2L, 2L));
    }

    @Test
    void readsFractionalSecondsAndUtcOffsetsWithoutWarning() {
        Result result = read(focus(row("ChargePeriodStart", "2024-09-18T00:00:00.123Z", "ChargePeriodEnd",
                "2024-09-18T03:00:00+02:00")));
        assertThat(result.line().chargePeriodStart()).isEqualTo(Instant.parse("2024-09-18T00:00:00.123Z"));
        assertThat(result.line().chargePeriodEnd()).isEqualTo(Instant.parse("2024-09-18T01:00:00Z"));
        assertThat(result.report.warnings()).isEmpty();
    }

    @Test
    void toleratesNumbersWithSurroundingSpacesWithOneWarning() {
        Result result = read(focus(row(), row("BilledCost", "\" 12.50 \"", "ListCost", "13.00 ")));
        assertThat(result.lines.get(1).billedCost()).hasToString("12.50");
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple(CostValues.NUMBER_SPACES, 2L, 3L));
    }

    @Test
    void treatsLiteralNullAsEmptyWithOneWarning() {
        Result result = read(focus(row("ResourceId", "NULL"), row("ResourceId", "null", "PricingQuantity", "Null")));
        assertThat(result.lines).extracting(CostLine::resourceId).containsOnlyNulls();
        assertThat(result.lines.get(1).pricingQuantity()).isNull();
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("the literal NULL stands for an empty value", 3L, 2L));
    }

    @Test
    void keepsAzurePlaceholdersWithOneWarningEach() {
        Result result = read(FOCUS_HEADER + ",SubAccountId\n" + row("BillingAccountId", "-2") + ",Unassigned\n"
                + row("BillingAccountId", "-2", "ResourceId", "Unassigned") + ",Unassigned\n");
        assertThat(result.lines.get(0).billingAccountId()).isEqualTo("-2");
        assertThat(result.lines.get(1).resourceId()).isEqualTo("Unassigned");
        assertThat(result.lines.get(0).extra()).containsEntry("SubAccountId", "Unassigned");
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("Azure placeholder '-2' in BillingAccountId", 2L, 2L),
                    tuple("Azure placeholder 'Unassigned' in SubAccountId", 2L, 2L),
                    tuple("Azure placeholder 'Unassigned' in ResourceId", 1L, 3L));
    }

    @Test
    void countsEmptyListCostAndContractedCostAsZeroWithOneWarningEach() {
        Result result = read(focus(row("ListCost", ""), row("ListCost", "", "ContractedCost", "")));
        assertThat(result.lines).extracting(CostLine::listCost).allMatch(cost -> cost.signum() == 0);
        assertThat(result.lines.get(1).contractedCost()).isZero();
        assertThat(result.report.failed()).isFalse();
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("ListCost empty, counted as 0", 2L, 2L),
                    tuple("ContractedCost empty, counted as 0", 1L, 3L));
    }

    @Test
    void reportsEmptyBilledCostAndEffectiveCost() {
        Result result = read(focus(row(), row("BilledCost", ""), row("EffectiveCost", "NULL")));
        assertThat(result.lines).hasSize(1);
        assertThat(result.rows).isEqualTo(3);
        assertThat(result.report.problems()).containsExactly(new ImportProblem(3, "BilledCost is empty"),
                new ImportProblem(4, "EffectiveCost is empty"));
    }

    @Test
    void reportsAllMissingMandatoryColumnsInOneProblem() {
        String header = FOCUS_HEADER.replace("BilledCost,", "").replace("ChargeClass,", "").replace("ProviderName,", "");
        Result result = read(header + "\n1,2,3\n");
        assertThat(result.rows).isZero();
        assertThat(result.lines).isEmpty();
        assertThat(result.report.problems()).containsExactly(new ImportProblem(1,
                "columns missing for FOCUS: BilledCost, ChargeClass, ProviderName (or ServiceProviderName)"));
    }

    @Test
    void reportsBadDateNamingColumnAndValue() {
        Result result = read(focus(row(), row("ChargePeriodStart", "18/09/2024")));
        assertThat(result.lines).hasSize(1);
        assertThat(result.report.problems()).containsExactly(new ImportProblem(3,
                "ChargePeriodStart: '18/09/2024' is not a date and time (use ISO-8601 UTC, e.g. 2024-09-01T00:00:00Z)"));
    }

    @Test
    void reportsImpossibleDate() {
        Result result = read(focus(row("ChargePeriodStart", "2024-02-30T00:00:00Z")));
        assertThat(result.report.problems()).extracting(ImportProblem::line, ImportProblem::reason)
            .containsExactly(tuple(2L, "ChargePeriodStart: '2024-02-30T00:00:00Z' is not a date and time "
                    + "(use ISO-8601 UTC, e.g. 2024-09-01T00:00:00Z)"));
    }

    @Test
    void reportsBillingPeriodEndingBeforeItStarts() {
        Result result = read(focus(row("BillingPeriodEnd", "2024-09-01T00:00:00Z")));
        assertThat(result.report.problems()).containsExactly(new ImportProblem(2,
                "BillingPeriodEnd 2024-09-01T00:00:00Z is not after BillingPeriodStart 2024-09-01T00:00:00Z"));
    }

    @Test
    void reportsBadNumberNamingColumnAndValue() {
        Result result = read(focus(row(), row(), row("EffectiveCost", "\"1,234.50\"")));
        assertThat(result.lines).hasSize(2);
        assertThat(result.report.problems()).containsExactly(new ImportProblem(4,
                "EffectiveCost: '1,234.50' is not a number"));
    }

    @Test
    void reportsCurrencyThatIsNotThreeCapitalLetters() {
        Result result = read(focus(row("BillingCurrency", "eur")));
        assertThat(result.report.problems()).containsExactly(new ImportProblem(2,
                "BillingCurrency: 'eur' is not a currency code (three capital letters, e.g. EUR)"));
    }

    @Test
    void reportsBrokenQuoteWhereTheRecordStartsAndStops() {
        Result result = read(focus(row(), row("ChargeDescription", "\"never closed"), row(), row()));
        assertThat(result.lines).hasSize(1);
        assertThat(result.report.problemCount()).isEqualTo(1);
        assertThat(result.report.problems().get(0).line()).isEqualTo(3);
        assertThat(result.report.problems().get(0).reason()).startsWith("the CSV is broken from this row on");
    }

    @Test
    void reportsInvalidTagsJson() {
        Result result = read(focus(row("Tags", "\"{\"\"team\"\": \"\"a\"\"\"")));
        assertThat(result.lines).isEmpty();
        assertThat(result.report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.reason()).startsWith("Tags: not a JSON object of scalar values (");
        });
    }

    @Test
    void reportsNestedTagsValue() {
        Result result = read(focus(row("Tags", "\"{\"\"team\"\": {\"\"name\"\": \"\"a\"\"}}\""),
                row("Tags", "\"{\"\"teams\"\": [\"\"a\"\"]}\"")));
        assertThat(result.report.problems()).containsExactly(
                new ImportProblem(2, "Tags: not a JSON object of scalar values (the value of 'team' is not a string, number or boolean)"),
                new ImportProblem(3, "Tags: not a JSON object of scalar values (the value of 'teams' is not a string, number or boolean)"));
    }

    @Test
    void reportsTagsThatAreNotAnObject() {
        Result result = read(focus(row("Tags", "\"[\"\"a\"\"]\"")));
        assertThat(result.report.problems()).containsExactly(
                new ImportProblem(2, "Tags: not a JSON object of scalar values (it does not start with '{')"));
    }

    @Test
    void takesEmptyCurrencyAsTheFilesOnlyCurrencyWithOneWarning() {
        Result result = read(focus(row(), row("BillingCurrency", ""), row(), row("BillingCurrency", "")));
        assertThat(result.report.failed()).isFalse();
        assertThat(result.lines.get(1).currency()).isNull();
        assertThat(result.reader.onlyCurrency()).isEqualTo("EUR");
        assertThat(result.report.warnings()).extracting(ImportWarning::message, ImportWarning::count,
                ImportWarning::firstLine)
            .containsExactly(tuple("BillingCurrency empty; taken as the file's only currency EUR", 2L, 3L));
    }

    @Test
    void reportsEmptyCurrencyInFileWithSeveralCurrencies() {
        Result result = read(focus(row(), row("BillingCurrency", ""), row("BillingCurrency", "USD")));
        assertThat(result.reader.currencies()).containsExactly("EUR", "USD");
        assertThat(result.reader.onlyCurrency()).isNull();
        assertThat(result.report.problems()).containsExactly(
                new ImportProblem(3, "BillingCurrency empty in a file with several currencies (EUR, USD)"));
    }

    @Test
    void keepsFirstHundredProblemsAndCountsAll() {
        String[] rows = new String[150];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row("BilledCost", "x" + i);
        }
        Result result = read(focus(rows));
        assertThat(result.rows).isEqualTo(150);
        assertThat(result.report.problemCount()).isEqualTo(150);
        assertThat(result.report.problems()).hasSize(ImportReport.MAX_PROBLEMS);
        assertThat(result.report.problems().get(99)).isEqualTo(new ImportProblem(101, "BilledCost: 'x99' is not a number"));
    }

    @Test
    void keepsLineNumbersRightAfterMultiLineQuotedField() {
        Result result = read(focus(row("ChargeDescription", "\"first\nsecond\r\nthird\""), row(),
                row("BilledCost", "oops")));
        assertThat(result.lines).extracting(CostLine::line).containsExactly(2L, 5L);
        assertThat(result.lines.get(0).chargeDescription()).isEqualTo("first\nsecond\r\nthird");
        assertThat(result.report.problems()).containsExactly(new ImportProblem(6, "BilledCost: 'oops' is not a number"));
    }

    @Test
    void skipsEmptyLinesAndCountsThemForLineNumbers() {
        Result result = read(FOCUS_HEADER + "\r\n" + row() + "\r\n\r\n" + row("BilledCost", "bad") + "\r\n\r\n");
        assertThat(result.rows).isEqualTo(2);
        assertThat(result.report.problems()).containsExactly(new ImportProblem(4, "BilledCost: 'bad' is not a number"));
    }

    @Test
    void reportsRowWithWrongNumberOfValues() {
        Result result = read(focus(row(), "1,2,3"));
        assertThat(result.report.problems()).containsExactly(new ImportProblem(3, "the row has 3 values, the header 24"));
    }

    @Test
    void reportsEmptyFile() {
        Result result = read("");
        assertThat(result.reader.format()).isNull();
        assertThat(result.rows).isZero();
        assertThat(result.report.problems()).containsExactly(new ImportProblem(1, "the file is empty"));
    }

    @Test
    void readsAwsCurWithResourceTags() {
        String csv = CUR_HEADER + "\n"
                + "li-1,111122223333,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,444455556666,Usage,"
                + "2024-09-18T00:00:00Z,2024-09-18T01:00:00Z,AmazonEC2,1.0000000000,USD,0.0960000000,i-0abc,"
                + "\"$0.096 per On Demand Linux m5.large Instance Hour\",Amazon Elastic Compute Cloud,Compute Instance,"
                + "eu-central-1,Hrs,0.1100000000,,payments,Prod,alice\n";
        Result result = read(csv);
        assertThat(result.reader.format()).isEqualTo(CostFileFormat.AWS_CUR);
        assertThat(result.reader.focusVersion()).isNull();
        assertThat(result.report.failed()).isFalse();
        CostLine line = result.line();
        assertThat(line.billingAccountId()).isEqualTo("111122223333");
        assertThat(line.billingAccountName()).isEqualTo("111122223333");
        assertThat(line.billingPeriodStart()).isEqualTo(Instant.parse("2024-09-01T00:00:00Z"));
        assertThat(line.chargePeriodEnd()).isEqualTo(Instant.parse("2024-09-18T01:00:00Z"));
        assertThat(line.chargeCategory()).isEqualTo("Usage");
        assertThat(line.chargeClass()).isNull();
        assertThat(line.chargeDescription()).isEqualTo("$0.096 per On Demand Linux m5.large Instance Hour");
        assertThat(line.billedCost().toPlainString()).isEqualTo("0.0960000000");
        assertThat(line.effectiveCost().toPlainString()).isEqualTo("0.0960000000");
        assertThat(line.contractedCost().toPlainString()).isEqualTo("0.0960000000");
        assertThat(line.listCost().toPlainString()).isEqualTo("0.1100000000");
        assertThat(line.currency()).isEqualTo("USD");
        assertThat(line.provider()).isEqualTo("AWS");
        assertThat(line.publisher()).isEqualTo("AWS");
        assertThat(line.invoiceIssuer()).isEqualTo("AWS");
        assertThat(line.serviceName()).isEqualTo("Amazon Elastic Compute Cloud");
        assertThat(line.serviceCategory()).isEqualTo("Compute");
        assertThat(line.pricingQuantity().toPlainString()).isEqualTo("1.0000000000");
        assertThat(line.pricingUnit()).isEqualTo("Hrs");
        assertThat(line.resourceId()).isEqualTo("i-0abc");
        assertThat(line.region()).isEqualTo("eu-central-1");
        assertThat(line.tags()).containsExactly(Map.entry("team", "payments"), Map.entry("env", "Prod"),
                Map.entry("createdby", "alice"));
        assertThat(line.extra()).containsExactly(Map.entry("identity/LineItemId", "li-1"),
                Map.entry("lineItem/UsageAccountId", "444455556666"), Map.entry("lineItem/ProductCode", "AmazonEC2"));
        assertThat(result.report.warnings()).extracting(ImportWarning::message)
            .containsExactly("tag key prefixes removed (user:team → team)", "tag keys lower-cased");
    }

    @Test
    void readsAwsCurSavingsPlanCoveredUsageAtItsEffectiveCostAndDatesWithoutSeconds() {
        String csv = CUR_HEADER + "\n"
                + "li-2,111122223333,2024-09-01T00:00Z,2024-10-01T00:00Z,444455556666,SavingsPlanCoveredUsage,"
                + "2024-09-18T00:00Z,2024-09-18T01:00Z,AmazonEC2,1,USD,0.096,i-0abc,covered,,Storage,"
                + "eu-central-1,Hrs,,0.061,,,\n";
        Result result = read(csv);
        assertThat(result.report.warnings()).extracting(ImportWarning::message).doesNotContain(CostValues.DATE_NO_ZONE);
        CostLine line = result.line();
        assertThat(line.billingPeriodEnd()).isEqualTo(Instant.parse("2024-10-01T00:00:00Z"));
        assertThat(line.effectiveCost()).hasToString("0.061");
        assertThat(line.listCost()).hasToString("0.096");
        assertThat(line.serviceName()).isEqualTo("AmazonEC2");
        assertThat(line.serviceCategory()).isEqualTo("Storage");
        assertThat(line.tags()).isEmpty();
    }

    @Test
    void mapsAwsLineItemTypesToChargeCategories() {
        assertThat(CurColumns.chargeCategory("DiscountedUsage")).isEqualTo("Usage");
        assertThat(CurColumns.chargeCategory("Tax")).isEqualTo("Tax");
        assertThat(CurColumns.chargeCategory("Refund")).isEqualTo("Credit");
        assertThat(CurColumns.chargeCategory("EdpDiscount")).isEqualTo("Credit");
        assertThat(CurColumns.chargeCategory("RIFee")).isEqualTo("Purchase");
        assertThat(CurColumns.chargeCategory("SavingsPlanUpfrontFee")).isEqualTo("Purchase");
        assertThat(CurColumns.chargeCategory("SavingsPlanNegation")).isEqualTo("Adjustment");
    }

    @Test
    void reportsMissingAwsCurColumns() {
        Result result = read("lineItem/UsageAccountId,lineItem/UnblendedCost\n1,2\n");
        assertThat(result.reader.format()).isEqualTo(CostFileFormat.AWS_CUR);
        assertThat(result.report.problems()).containsExactly(new ImportProblem(1,
                "columns missing for an AWS Cost and Usage Report: bill/BillingPeriodStartDate, "
                        + "bill/BillingPeriodEndDate, lineItem/UsageStartDate, lineItem/UsageEndDate, "
                        + "lineItem/CurrencyCode, product/ProductName (or lineItem/ProductCode)"));
    }

}
