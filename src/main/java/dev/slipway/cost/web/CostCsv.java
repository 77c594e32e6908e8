package dev.slipway.cost.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report's tables as RFC 4180 CSV with exact amounts. Group names come from cloud tags, which
 * anyone with a cloud account can set: a cell a spreadsheet would run as a formula is prefixed with
 * a single quote (plain negative amounts are left as they are).
 */
final class CostCsv {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private CostCsv() {
    }

    static void write(Writer out, String groupBy, List<CostTable> tables) {
        try (var csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<String> periods = tables.isEmpty() ? List.of() : tables.get(0).periods();
            var header = new ArrayList<String>();
            header.add("currency");
            header.add(groupBy);
            header.addAll(periods);
            header.add("total");
            csv.printRecord(header.stream().map(CostCsv::guard).toList());
            for (CostTable table : tables) {
                for (CostTable.GroupRow row : table.rows()) {
                    csv.printRecord(record(table.currency(), row.group(), row.cells(), row.total()));
                }
                csv.printRecord(record(table.currency(), "Total", table.periodTotals(), table.total()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> record(String currency, String group, List<Amount> cells, Amount total) {
        var record = new ArrayList<String>();
        record.add(currency);
        record.add(group);
        cells.forEach(cell -> record.add(Amount.plain(cell.value())));
        record.add(Amount.plain(total.value()));
        return record.stream().map(CostCsv::guard).toList();
    }

    static String guard(String cell) {
        if (cell == null || cell.isEmpty() || NUMBER.matcher(cell).matches()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }
}
