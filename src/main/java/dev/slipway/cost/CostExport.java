package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.RequestValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Streams allocated line items as FOCUS CSV, with Slipway's allocation added as
 * {@code x_SlipwayTeam}, {@code x_SlipwayProject}, {@code x_SlipwayService} (and environment and
 * the reason a cost is unallocated), so other FinOps tools can read what Slipway decided.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class CostExport {

    static final List<String> HEADER = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "RegionId", "ResourceId", "ResourceName", "ServiceCategory", "ServiceName", "Tags", "x_SlipwayTeam",
            "x_SlipwayProject", "x_SlipwayService", "x_SlipwayEnvironment", "x_SlipwayUnallocatedReason");

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final CatalogSnapshot catalog;
    private final AllocationRules rules;

    /** Checks the caller and the range before anything is written, so a refusal is still a problem detail. */
    public void check(LocalDate from, LocalDate to, @Nullable String team) {
        var errors = new ArrayList<FieldError>();
        if (from == null || to == null || !to.isAfter(from)) {
            errors.add(new FieldError("to", "give from and to (exclusive) dates, to after from"));
        } else if (from.plusDays(CostReports.MAX_DAYS).isBefore(to)) {
            errors.add(new FieldError("to", "an export covers at most " + CostReports.MAX_DAYS + " days"));
        }
        RequestValidator.require(errors);
        if (team != null) {
            access.require(Permission.COSTS_READ, team, "cost.export", "team", team);
        } else {
            access.require(Permission.COSTS_READ, null, "cost.export", "cost", null);
        }
    }

    /** Writes the line items whose ChargePeriodStart falls in [from, to), optionally of one team. */
    @Transactional // not read-only: the catalog snapshot is a temporary table
    public void write(LocalDate from, LocalDate to, @Nullable String team, Writer out) {
        check(from, to, team);
        catalog.load();
        var params = new ArrayList<Object>();
        params.add(from);
        params.add(to);
        String resolved = AllocationQuery.resolved(rules.keys(), "li.*", """
                li.charge_period_start >= (?::date)::timestamp at time zone 'UTC'
                and li.charge_period_start < (?::date)::timestamp at time zone 'UTC'""", params);
        String teamFilter = "";
        if (team != null) {
            teamFilter = " where team = ?";
            params.add(team);
        }
        try (var csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            jdbc.sql(resolved + " select * from resolved" + teamFilter + " order by charge_period_start, line_no")
                    .params(params)
                    .withFetchSize(5_000)
                    .query((ResultSet rs) -> {
                        try {
                            csv.printRecord(row(rs));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> row(ResultSet rs) throws SQLException {
        return List.of(plain(rs, "billed_cost"), text(rs, "billing_account_id"), text(rs, "billing_account_name"),
                text(rs, "currency"), time(rs, "billing_period_start"), time(rs, "billing_period_end"),
                text(rs, "charge_category"), text(rs, "charge_class"), text(rs, "charge_description"),
                time(rs, "charge_period_start"), time(rs, "charge_period_end"), plain(rs, "contracted_cost"),
                plain(rs, "effective_cost"), text(rs, "invoice_issuer"), plain(rs, "list_cost"),
                plain(rs, "pricing_quantity"), text(rs, "pricing_unit"), text(rs, "provider"), text(rs, "publisher"),
                text(rs, "region"), text(rs, "resource_id"), text(rs, "resource_name"), text(rs, "service_category"),
                text(rs, "service_name"), text(rs, "tags"), text(rs, "team"), text(rs, "project"), text(rs, "service"),
                text(rs, "environment"), text(rs, "reason"));
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? "" : value;
    }

    private static String plain(ResultSet rs, String column) throws SQLException {
        var value = rs.getBigDecimal(column);
        return value == null ? "" : value.toPlainString();
    }

    private static String time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).format(UTC);
    }
}
