package dev.slipway.cost;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** Reads one cost file, FOCUS or AWS CUR, plain or gzip, row by row without holding the file. */
final class CostFileReader implements Closeable {

    private static final int BUFFER = 64 * 1024;

    // Empty lines are kept as records so that the parser's line count stays the editor's.
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private final CSVParser parser;

    private final Iterator<CSVRecord> records;

    private final ImportReport report;

    private @Nullable CostFileFormat format;

    private @Nullable String focusVersion;

    private @Nullable CostRowMapper mapper;

    private final Set<String> currencies = new TreeSet<>();

    private long emptyCurrencyRows;

    private final long[] emptyCurrencyLines = new long[ImportReport.MAX_PROBLEMS];

    private CostFileReader(CSVParser parser, ImportReport report) {
        this.parser = parser;
        this.records = parser.iterator();
        this.report = report;
    }

    /** Reads the header; a header problem is recorded in the report, and then read() does nothing. */
    static CostFileReader open(InputStream in, ImportReport report) throws IOException {
        InputStream text = skipBom(gunzipIfGzip(in));
        CSVParser parser = CSVParser.parse(new WithoutNul(new InputStreamReader(text, StandardCharsets.UTF_8)), CSV);
        CostFileReader reader = new CostFileReader(parser, report);
        reader.readHeader();
        return reader;
    }

    private static InputStream gunzipIfGzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
        }
        return buffered;
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        in.mark(3);
        if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) {
            in.reset();
        }
        return in;
    }

    private void readHeader() {
        CSVRecord header;
        try {
            if (!this.records.hasNext()) {
                this.report.problem(1, "the file is empty");
                return;
            }
            header = this.records.next();
        }
        catch (UncheckedIOException | IllegalStateException ex) {
            this.report.problem(1, "the header is not valid CSV (" + reason(ex) + ")");
            return;
        }
        String[] names = new String[header.size()];
        boolean cur = false;
        for (int i = 0; i < names.length; i++) {
            names[i] = header.get(i).strip();
            cur |= names[i].startsWith("lineItem/") || names[i].startsWith("bill/");
        }
        CostValues values = new CostValues(this.report);
        List<String> missing;
        if (cur) {
            this.format = CostFileFormat.AWS_CUR;
            CurColumns columns = new CurColumns(names, values);
            missing = columns.missing();
            this.mapper = columns;
        }
        else {
            this.format = CostFileFormat.FOCUS;
            FocusColumns columns = new FocusColumns(names, values, this.report);
            this.focusVersion = columns.version();
            missing = columns.missing();
            this.mapper = columns;
        }
        if (!missing.isEmpty()) {
            String kind = cur ? "an AWS Cost and Usage Report" : "FOCUS";
            this.report.problem(1, "columns missing for " + kind + ": " + String.join(", ", missing));
            this.mapper = null;
        }
    }

    /** FOCUS or AWS_CUR; null when the header could not be read. */
    @Nullable CostFileFormat format() {
        return this.format;
    }

    /** "1.0" to "1.3" by the columns the header has; null for CUR. */
    @Nullable String focusVersion() {
        return this.focusVersion;
    }

    /** The first valid row, if any; for a look at the file before it is read whole (by another reader). */
    Optional<CostLine> first() {
        if (this.mapper == null) {
            return Optional.empty();
        }
        try {
            while (this.records.hasNext()) {
                long line = this.parser.getCurrentLineNumber() + 1;
                CSVRecord record = this.records.next();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                CostLine costLine = this.mapper.map(record, line);
                if (costLine != null) {
                    return Optional.of(costLine);
                }
            }
        }
        catch (UncheckedIOException | IllegalStateException ex) {
            // Broken CSV: read() meets it again and reports it on its line.
        }
        return Optional.empty();
    }

    /**
     * Reads every row: valid rows go to the sink, invalid rows become problems. Broken
     * CSV stops the reading.
     * @return the rows read, valid or not
     */
    long read(Consumer<CostLine> sink) {
        if (this.mapper == null) {
            return 0;
        }
        long rows = 0;
        while (true) {
            // The record's first line is the one after the line breaks read so far.
            long line = this.parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!this.records.hasNext()) {
                    break;
                }
                record = this.records.next();
            }
            catch (UncheckedIOException | IllegalStateException ex) {
                this.report.problem(line, "the CSV is broken from this row on, reading stopped (" + reason(ex) + ")");
                break;
            }
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            rows++;
            CostLine costLine = this.mapper.map(record, line);
            if (costLine != null) {
                if (costLine.currency() != null) {
                    this.currencies.add(costLine.currency());
                }
                else {
                    if (this.emptyCurrencyRows < this.emptyCurrencyLines.length) {
                        this.emptyCurrencyLines[(int) this.emptyCurrencyRows] = line;
                    }
                    this.emptyCurrencyRows++;
                }
                sink.accept(costLine);
            }
        }
        checkEmptyCurrencies();
        return rows;
    }

    private void checkEmptyCurrencies() {
        if (this.emptyCurrencyRows == 0) {
            return;
        }
        String column = (this.format == CostFileFormat.AWS_CUR) ? "lineItem/CurrencyCode" : "BillingCurrency";
        String reason;
        if (this.currencies.size() == 1) {
            this.report.warn(column + " empty; taken as the file's only currency " + onlyCurrency(),
                    this.emptyCurrencyLines[0], this.emptyCurrencyRows);
            return;
        }
        else if (this.currencies.isEmpty()) {
            reason = column + " empty and no row names a currency";
        }
        else {
            reason = column + " empty in a file with several currencies (" + String.join(", ", this.currencies) + ")";
        }
        int listed = (int) Math.min(this.emptyCurrencyRows, this.emptyCurrencyLines.length);
        for (int i = 0; i < listed; i++) {
            this.report.problem(this.emptyCurrencyLines[i], reason);
        }
        this.report.countUnlistedProblems(this.emptyCurrencyRows - listed);
    }

    /** The currencies seen, sorted. */
    Set<String> currencies() {
        return Collections.unmodifiableSet(this.currencies);
    }

    /** The file's currency when it has exactly one, to fill in rows that leave it empty; else null. */
    @Nullable String onlyCurrency() {
        return (this.currencies.size() == 1) ? this.currencies.iterator().next() : null;
    }

    private static @Nullable String reason(RuntimeException ex) {
        Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
        return cause.getMessage();
    }

    @Override
    public void close() throws IOException {
        this.parser.close();
    }

    /**
     * A NUL in a cell becomes U+FFFD as it is read: PostgreSQL's text and jsonb hold none, and a value quoted in a
     * problem, a billing account in the import's periods or a tag must still be storable.
     */
    private static final class WithoutNul extends FilterReader {

        WithoutNul(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            return c == 0 ? 0xFFFD : c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = offset; i < offset + read; i++) {
                if (buffer[i] == 0) {
                    buffer[i] = '\ufffd';
                }
            }
            return read;
        }
    }

}
