package dev.slipway.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One import as its history and report show it. While it runs, {@code bytesChecked} follows the
 * check of the files and {@code rowsLoaded} the load into the database.
 */
public record CostImportView(long id, CostImportState state, List<String> files, String format,
        String focusVersion, long bytesTotal, long bytesChecked, long rowsTotal, long rowsLoaded,
        List<CurrencyTotal> totals, List<BillingPeriod> periods, List<ImportWarning> warnings,
        List<ImportProblem> problems, long problemCount, long replacedRows, String createdBy, Instant startedAt,
        Instant finishedAt) {

    /** 0–100: checking the files is the first half, loading the rows the second. */
    @JsonProperty
    public int progressPercent() {
        if (state != CostImportState.RUNNING) {
            return 100;
        }
        double checked = bytesTotal == 0 ? 0 : Math.min(1.0, (double) bytesChecked / bytesTotal);
        double loaded = rowsTotal == 0 ? 0 : Math.min(1.0, (double) rowsLoaded / rowsTotal);
        return (int) Math.floor(50 * checked + 50 * loaded);
    }

    /** e.g. "FOCUS 1.2" or "AWS CUR". */
    @JsonProperty
    public String formatLabel() {
        if (format == null) {
            return "—";
        }
        return switch (format) {
            case "FOCUS" -> "FOCUS" + (focusVersion == null ? "" : " " + focusVersion);
            case "AWS_CUR" -> "AWS CUR";
            default -> format;
        };
    }
}
