package dev.slipway.bench;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Slipway in a JVM of its own, with a bounded heap and a GC log, on a fresh embedded PostgreSQL in a
 * temporary directory, so that what the benchmark itself allocates does not count against Slipway's
 * heap, and tools outside Java (psql) can reach the same database. The administrator {@code admin}
 * gets the password {@link #ADMIN_PASSWORD}. Closing stops Slipway (and so its PostgreSQL) and
 * deletes the directory.
 */
public final class SlipwayProcess implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "benchmark-password";
    private static final Pattern DATABASE_LINE = Pattern.compile("Database: embedded PostgreSQL (\\S+) at (jdbc:\\S+),");
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Process process;
    private final Path dir;
    private final Path log;
    private final Path gcLog;
    private final int port;
    private final String jdbcUrl;
    private final String postgresVersion;
    private final String maxHeap;

    private SlipwayProcess(Process process, Path dir, Path log, Path gcLog, int port, String jdbcUrl,
            String postgresVersion, String maxHeap) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.gcLog = gcLog;
        this.port = port;
        this.jdbcUrl = jdbcUrl;
        this.postgresVersion = postgresVersion;
        this.maxHeap = maxHeap;
    }

    /** Starts Slipway with {@code -Xmx<maxHeap>} (e.g. "256m") and waits until it answers. */
    public static SlipwayProcess start(String maxHeap, String... extraArguments) throws IOException, InterruptedException {
        return start(maxHeap, List.of(), extraArguments);
    }

    /** The same, with further options for Slipway's JVM (before the main class), e.g. a flight recording. */
    public static SlipwayProcess start(String maxHeap, List<String> jvmOptions, String... extraArguments)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("slipway-cost-bench-");
        Path log = dir.resolve("slipway.log");
        Path gcLog = dir.resolve("gc.log");
        int port = freePort();
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog + ":uptime"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(),
                "dev.slipway.SlipwayApplication",
                "--server.port=" + port,
                "--slipway.data-dir=" + dir.resolve("data"),
                "--slipway.demo.enabled=false",
                // Never the database SPRING_DATASOURCE_URL may name: the benchmark writes millions of rows.
                "--spring.datasource.url=",
                "--slipway.identity.bootstrap-admin-password=" + ADMIN_PASSWORD,
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn",
                "--logging.level.dev.slipway.shared.database=info",
                "--logging.level.dev.slipway.cost=info"));
        command.addAll(Arrays.asList(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Slipway stopped while starting; its log:\n" + Files.readString(log));
            }
            Matcher database = DATABASE_LINE.matcher(Files.readString(log));
            if (database.find() && healthy(port)) {
                return new SlipwayProcess(process, dir, log, gcLog, port, database.group(2), database.group(1),
                        maxHeap);
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Slipway did not start within 3 minutes; its log:\n" + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /** The operating system's id of Slipway's JVM, e.g. to sample {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    String maxHeap() {
        return maxHeap;
    }

    /** The embedded PostgreSQL's JDBC URL, as Slipway's start-up line gives it (user postgres). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String postgresVersion() {
        return postgresVersion;
    }

    /** The embedded PostgreSQL's port, for psql and pgbench. */
    public int postgresPort() {
        try {
            return new URI(jdbcUrl.substring("jdbc:".length())).getPort();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(jdbcUrl, e);
        }
    }

    public DataSource dataSource() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    /** A mark in the GC log; {@link #peakHeapSince} reads what was logged after it. */
    public long gcLogMark() throws IOException {
        return Files.exists(gcLog) ? Files.size(gcLog) : 0;
    }

    /**
     * The most heap in use at any collection after the mark: the occupancy before each collection the GC
     * log records, which is the most the heap held since the one before. Zero when nothing was collected.
     */
    public long peakHeapSince(long mark) throws IOException {
        long peak = 0;
        for (String line : gcLogSince(mark)) {
            Matcher pause = GC_PAUSE.matcher(line);
            if (pause.find()) {
                peak = Math.max(peak, bytes(pause.group(1), pause.group(2)));
            }
        }
        return peak;
    }

    /** How many collections the GC log records after the mark. */
    public int collectionsSince(long mark) throws IOException {
        return (int) gcLogSince(mark).stream().filter(line -> GC_PAUSE.matcher(line).find()).count();
    }

    private List<String> gcLogSince(long mark) throws IOException {
        try (var file = new RandomAccessFile(gcLog.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The lines of Slipway's log that contain the text, e.g. an import's timing by phase. */
    public List<String> logLines(String containing) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(containing)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether Slipway answers that it is ready (its readiness includes the database). */
    public boolean ready() {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A mark in Slipway's log (its length now); {@link #logSince} reads what was written after it. */
    public long logMark() throws IOException {
        return Files.size(log);
    }

    /** The lines Slipway logged after the mark. */
    public List<String> logSince(long mark) throws IOException {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The last lines of Slipway's log, for a failure's message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy(); // SIGTERM: a graceful shutdown, which stops the embedded PostgreSQL too
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static long bytes(String number, String unit) {
        long value = Long.parseLong(number);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    private static boolean healthy(int port) {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * This program's classpath, for Slipway's JVM: the class loader's URLs under {@code exec:java}
     * (where java.class.path is Maven's own), else java.class.path.
     */
    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(url.toString(), e);
                }
            }).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }
}
