package dev.slipway.cost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts the rows of cost files as {@code slipway.cost.import.rows}: {@code imported} once an import is committed,
 * {@code refused} for the rows read of an import that was refused or stopped.
 */
@Component
class CostImportMetrics {

    static final String ROWS = "slipway.cost.import.rows";

    private final MeterRegistry meters;
    private final ImportHistory history;

    CostImportMetrics(MeterRegistry meters, ImportHistory history) {
        this.meters = meters;
        this.history = history;
        counter("imported");
        counter("refused");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CostImported event) {
        count("imported", history.get(event.importId()).rowsTotal());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CostImportFailed event) {
        count("refused", history.get(event.importId()).rowsTotal());
    }

    private void count(String outcome, long rows) {
        counter(outcome).increment(rows);
    }

    private Counter counter(String outcome) {
        return Counter.builder(ROWS).description("Rows of cost files, by what became of them").tag("outcome", outcome)
                .register(meters);
    }
}
