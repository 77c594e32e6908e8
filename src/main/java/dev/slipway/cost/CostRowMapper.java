package dev.slipway.cost;

import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** Turns one CSV record of a known header into a cost line, or null when the row has problems. */
interface CostRowMapper {

    @Nullable CostLine map(CSVRecord record, long line);

}
