package dev.slipway.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A recomputation of the rollups, with its progress in line items. */
public record RecomputationView(long id, String state, String reason, long rowsTotal, long rowsDone,
        String error, String startedBy, Instant startedAt, @Nullable Instant finishedAt) {

    @JsonProperty
    public int progressPercent() {
        return state.equals("RUNNING") ? (rowsTotal == 0 ? 0 : (int) Math.min(99, rowsDone * 100 / rowsTotal)) : 100;
    }
}
