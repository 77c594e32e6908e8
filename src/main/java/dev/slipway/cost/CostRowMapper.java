package dev.slipway.cost;

import org.apache.commons.csv.CSVRecord;

/** Turns one CSV record of a known header into a cost line, or null when the row has problems. */
interface CostRowMapper {

    CostLine map(CSVRecord record, long line);

}
