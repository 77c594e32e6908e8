package dev.slipway.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One import as its history and report show it. While it runs, {@code bytesChecked} counts the bytes
 * read of the files and {@code rowsLoaded} the rows loaded so far ({@code rowsTotal} is known at the end).
 */
public record CostImportView(long id, CostImportState state, List<String> files, String format,
        String focusVersion, long bytesTotal, long bytesChecked, long rowsTotal, long rowsLoaded,
        List<CurrencyTotal> totals, List<BillingPeriod> periods, List<ImportWarning> warnings,
        List<ImportProblem> problems, long problemCount, long replacedRows, String createdBy, Instant startedAt,
        @Nullable Instant finishedAt) {

    /** 0–100, by the bytes read of the files; the rollups at the end take the last percent. */
    @JsonProperty
    public int progressPercent() {
        if (state != CostImportState.RUNNING) {
            return 100;
        }
        return bytesTotal == 0 ? 0 : (int) Math.min(99, bytesChecked * 100 / bytesTotal);
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
