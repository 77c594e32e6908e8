package dev.slipway.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The statements a request sends, as PostgreSQL itself logs them, with their parameters: for the span of one action
 * {@code log_statement} is switched to {@code all} (with {@code ALTER SYSTEM} and a reload, so Slipway's pooled
 * connections log too), and the server's log file is read back. Unlike {@link StatementRecorder} it needs nothing
 * inside Slipway's JVM, so it works on a {@link SlipwayProcess}, and nothing stays switched on once the action is
 * over.
 *
 * <p>The embedded PostgreSQL's own output is lost once it has started (it goes to a pipe of the {@code pg_ctl}
 * process that started it), so {@link #prepare} turns on PostgreSQL's logging collector, which writes to a file in
 * the data folder, and restarts the server for it: it stops the server (fast shutdown) and Slipway's supervisor
 * starts it again within its check interval, as it would after a crash. Call it before loading data.
 */
final class StatementLog {

    /** A statement one backend executed, with its parameters as PostgreSQL logged them ({@code '25'}, {@code NULL}). */
    record Logged(int backend, String sql, Map<Integer, String> parameters) {

        /** The first words, on one line, for a table. */
        String opening(int length) {
            String words = sql.strip().replaceAll("\\s+", " ");
            return words.length() <= length ? words : words.substring(0, length) + "…";
        }
    }

    private static final String PREFIX = "pglog ";
    private static final String LOG_DIRECTORY = "bench-log";
    private static final String LOG_FILE = "postgresql.log";
    private static final Pattern ENTRY = Pattern.compile("^" + PREFIX + "\\[(\\d+)\\] (LOG|DETAIL):  (.*)$");
    private static final Pattern EXECUTE = Pattern.compile("^(?:execute [^:]+|statement): (.*)$", Pattern.DOTALL);
    private static final Pattern PARAMETERS = Pattern.compile("^[Pp]arameters: (.*)$", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+) = (NULL|'(?:[^']|'')*')");

    private final SlipwayProcess slipway;
    private final DataSource dataSource;
    private Path logFile;
    private List<String> raw = List.of();

    StatementLog(SlipwayProcess slipway) {
        this.slipway = slipway;
        this.dataSource = slipway.dataSource();
    }

    /** Turns on the logging collector and restarts PostgreSQL for it; returns once Slipway is ready again. */
    void prepare() throws Exception {
        String dataDirectory;
        long postmaster;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String setting : List.of("logging_collector = on", "log_directory = '" + LOG_DIRECTORY + "'",
                    "log_filename = '" + LOG_FILE + "'", "log_rotation_age = 0", "log_rotation_size = 0",
                    "log_line_prefix = '" + PREFIX + "[%p] '")) {
                statement.execute("alter system set " + setting);
            }
            try (var result = statement.executeQuery("select current_setting('data_directory'), pg_backend_pid()")) {
                result.next();
                dataDirectory = result.getString(1);
                postmaster = ProcessHandle.of(result.getLong(2)).flatMap(ProcessHandle::parent).orElseThrow().pid();
            }
        }
        logFile = Path.of(dataDirectory, LOG_DIRECTORY, LOG_FILE);
        // SIGINT: a fast shutdown, which does not wait for the pool's connections to go.
        new ProcessBuilder("kill", "-INT", String.valueOf(postmaster)).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Thread.sleep(500);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 var result = statement.executeQuery("show logging_collector")) {
                result.next();
                if (result.getString(1).equals("on") && slipway.ready()) {
                    return;
                }
            } catch (SQLException e) {
                // not back yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not come back with its logging collector within 60 s:\n"
                        + slipway.logTail());
            }
        }
    }

    /** Every statement any backend executed while the action ran, in the order logged. */
    List<Logged> capture(Callable<?> action) throws Exception {
        if (logFile == null) {
            throw new IllegalStateException("prepare() first");
        }
        configure("alter system set log_statement = 'all'");
        Thread.sleep(500); // the reload reaches every backend before its next command
        try {
            long mark = Files.size(logFile);
            action.call();
            Thread.sleep(500);
            raw = linesSince(mark);
            return parse(raw);
        } finally {
            configure("alter system reset log_statement");
        }
    }

    /** PostgreSQL's log lines of the last capture, as read, to see what was parsed. */
    List<String> raw() {
        return raw;
    }

    private List<String> linesSince(long mark) throws IOException {
        try (var file = new RandomAccessFile(logFile.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private void configure(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("select pg_reload_conf()");
        }
    }

    static List<Logged> parse(List<String> logLines) {
        // Entries of the server's log; a statement of several lines continues on lines without the prefix.
        var entries = new ArrayList<String[]>(); // backend, level, text
        for (String text : logLines) {
            Matcher entry = ENTRY.matcher(text);
            if (entry.matches()) {
                entries.add(new String[] {entry.group(1), entry.group(2), entry.group(3)});
            } else if (!entries.isEmpty()) {
                String[] last = entries.get(entries.size() - 1);
                last[2] = last[2] + "\n" + text;
            }
        }
        var statements = new ArrayList<Logged>();
        for (String[] entry : entries) {
            if (entry[1].equals("LOG")) {
                Matcher execute = EXECUTE.matcher(entry[2]);
                if (execute.matches()) {
                    statements.add(new Logged(Integer.parseInt(entry[0]), execute.group(1), new TreeMap<>()));
                }
            } else {
                Matcher parameters = PARAMETERS.matcher(entry[2]);
                Logged last = lastOf(statements, Integer.parseInt(entry[0]));
                if (parameters.matches() && last != null) {
                    Matcher parameter = PARAMETER.matcher(parameters.group(1));
                    while (parameter.find()) {
                        last.parameters().put(Integer.parseInt(parameter.group(1)), parameter.group(2));
                    }
                }
            }
        }
        return statements;
    }

    /** The backend's statement a DETAIL line belongs to: its latest (other backends' lines may come between). */
    private static Logged lastOf(List<Logged> statements, int backend) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).backend() == backend) {
                return statements.get(i);
            }
        }
        return null;
    }
}
