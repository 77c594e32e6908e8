package dev.slipway.cost;

import java.io.Closeable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;

/**
 * Streams line items into {@code cost_line_item} with PostgreSQL's COPY, in CSV: an unquoted empty
 * field is NULL, every text is quoted. Rows are buffered in 256 KiB chunks, so memory stays flat.
 */
final class LineItemCopy implements Closeable {

    static final String SQL = """
            copy cost_line_item (import_id, line_no, billing_account_id, billing_account_name, billing_period_start,
                billing_period_end, charge_period_start, charge_period_end, charge_category, charge_class,
                charge_description, billed_cost, effective_cost, list_cost, contracted_cost, currency, provider,
                publisher, invoice_issuer, service_name, service_category, pricing_quantity, pricing_unit,
                resource_id, resource_name, region, tags, extra)
            from stdin with (format csv)""";

    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final long importId;
    private final StringBuilder row = new StringBuilder(1024);
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private long rows;

    LineItemCopy(CopyIn copy, long importId) {
        this.copy = copy;
        this.importId = importId;
    }

    void write(CostLine line, String currency) {
        row.setLength(0);
        row.append(importId).append(',').append(line.line());
        text(line.billingAccountId());
        text(line.billingAccountName());
        time(line.billingPeriodStart());
        time(line.billingPeriodEnd());
        time(line.chargePeriodStart());
        time(line.chargePeriodEnd());
        text(line.chargeCategory());
        text(line.chargeClass());
        text(line.chargeDescription());
        number(line.billedCost());
        number(line.effectiveCost());
        number(line.listCost());
        number(line.contractedCost());
        text(currency);
        text(line.provider());
        text(line.publisher());
        text(line.invoiceIssuer());
        text(line.serviceName());
        text(line.serviceCategory());
        number(line.pricingQuantity());
        text(line.pricingUnit());
        text(line.resourceId());
        text(line.resourceName());
        text(line.region());
        text(json(line.tags() == null ? Map.of() : line.tags()));
        text(line.extra() == null || line.extra().isEmpty() ? null : json(line.extra()));
        buffer.append(row).append('\n');
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            try {
                flush();
            } catch (SQLException e) {
                throw new CopyFailed(e);
            }
        }
    }

    long rows() {
        return rows;
    }

    void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back anyway
            }
        }
    }

    private void text(@Nullable String value) {
        row.append(',');
        if (value == null) {
            return;
        }
        row.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                row.append('"');
            }
            if (c != 0) { // PostgreSQL text cannot hold NUL
                row.append(c);
            }
        }
        row.append('"');
    }

    private void number(BigDecimal value) {
        row.append(',');
        if (value != null) {
            row.append(value.toPlainString());
        }
    }

    private void time(Instant value) {
        row.append(',');
        if (value != null) {
            row.append(value);
        }
    }

    /** A flat JSON object of strings; small and hot enough to write by hand. */
    static String json(Map<String, String> map) {
        var out = new StringBuilder(map.size() * 24 + 2).append('{');
        boolean first = true;
        for (var entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            jsonString(out, entry.getKey());
            out.append(':');
            jsonString(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    private static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0 -> { } // jsonb cannot hold NUL either; dropped as in text columns
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The database refused the rows as they streamed in; the import's transaction is rolled back. */
    static final class CopyFailed extends RuntimeException {
        CopyFailed(SQLException cause) {
            super("Loading the line items failed: " + cause.getMessage(), cause);
        }
    }
}
