package dev.slipway.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Collects what a file got wrong (fails the import) and what it bent (warnings, each kind once). */
public final class ImportReport {

    public static final int MAX_PROBLEMS = 100;

    private final List<ImportProblem> problems = new ArrayList<>();

    private long problemCount;

    private final Map<String, Occurrences> warnings = new LinkedHashMap<>();

    /** Keeps the first {@value #MAX_PROBLEMS} problems and counts all. */
    public void problem(long line, String reason) {
        this.problemCount++;
        if (this.problems.size() < MAX_PROBLEMS) {
            this.problems.add(new ImportProblem(line, storable(reason)));
        }
    }

    /**
     * A reason quotes what the file holds, and a NUL there would keep the report from being stored (jsonb holds
     * none), losing it for an error about the database; it is shown as U+FFFD.
     */
    private static @Nullable String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\ufffd');
    }

    /** Counts problems whose lines were not kept because the list was full anyway. */
    void countUnlistedProblems(long count) {
        this.problemCount += count;
    }

    /** The same message again counts once more and keeps the first line. */
    public void warn(String message, long line) {
        warn(message, line, 1);
    }

    void warn(String text, long line, long times) {
        String message = storable(text);
        Occurrences occurrences = this.warnings.get(message);
        if (occurrences == null) {
            this.warnings.put(message, new Occurrences(line, times));
        }
        else {
            occurrences.count += times;
        }
    }

    /** Adds another file's report; with several files, each line is named with its file. */
    void merge(ImportReport other, @Nullable String fileName) {
        String prefix = fileName == null ? "" : fileName + ": ";
        other.problems.forEach(p -> problem(p.line(), prefix + p.reason()));
        countUnlistedProblems(other.problemCount - other.problems.size());
        other.warnings.forEach((message, o) -> warn(prefix + message, o.firstLine, o.count));
    }

    public boolean failed() {
        return this.problemCount > 0;
    }

    public long problemCount() {
        return this.problemCount;
    }

    public List<ImportProblem> problems() {
        return Collections.unmodifiableList(this.problems);
    }

    /** In order of first occurrence. */
    public List<ImportWarning> warnings() {
        List<ImportWarning> list = new ArrayList<>(this.warnings.size());
        this.warnings.forEach((message, o) -> list.add(new ImportWarning(message, o.count, o.firstLine)));
        return list;
    }

    private static final class Occurrences {

        private final long firstLine;

        private long count;

        private Occurrences(long firstLine, long count) {
            this.firstLine = firstLine;
            this.count = count;
        }

    }

}
