package dev.slipway.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

    @TempDir
    Path dataDir;

    @Test
    void committedDataSurvivesARestart() throws Exception {
        try (EmbeddedPostgres first = new EmbeddedPostgresServer(dataDir).start()) {
            execute(first, "create table note (text varchar(100))", "insert into note values ('kept')");
        }

        try (EmbeddedPostgres second = new EmbeddedPostgresServer(dataDir).start()) {
            assertThat(readNote(second)).isEqualTo("kept");
        }
    }

    @Test
    void serverIsDurable() throws Exception {
        try (EmbeddedPostgres postgres = new EmbeddedPostgresServer(dataDir).start();
             var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                var result = statement.executeQuery("show " + setting);
                result.next();
                assertThat(result.getString(1)).as(setting).isEqualTo("on");
            }
        }
    }

    @Test
    void aKilledProcessLosesNothingAndTheNextStartTakesOverItsData() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try (var output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals(KilledProcess.READY)) {
                // the child's log; it prints READY once its row is committed
            }
            assertThat(line).as("child process reported its row committed").isEqualTo(KilledProcess.READY);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        try (EmbeddedPostgres next = new EmbeddedPostgresServer(dataDir).start()) {
            assertThat(readNote(next)).isEqualTo("saved before the kill");
        }
    }

    @Test
    void aKilledServerIsStartedAgainOnTheSamePortWithEverythingCommitted() throws Exception {
        try (var supervised = new SupervisedPostgres(dataDir, Duration.ofMillis(500))) {
            String url = supervised.jdbcUrl();
            execute(supervised.current(), "create table note (text varchar(100))", "insert into note values ('committed')");
            ProcessHandle postmaster = new EmbeddedPostgresServer(dataDir).postmaster().orElseThrow();

            postmaster.destroyForcibly(); // SIGKILL, as an out-of-memory killer would
            postmaster.onExit().get(10, TimeUnit.SECONDS);

            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> readNote(supervised.current()).equals("committed"));
            assertThat(supervised.jdbcUrl()).isEqualTo(url);
            assertThat(new EmbeddedPostgresServer(dataDir).postmaster().orElseThrow().pid()).isNotEqualTo(postmaster.pid());
        }
    }

    /** Run in a separate JVM: saves a row, says so, and waits to be killed without any shutdown. */
    static final class KilledProcess {

        static final String READY = "ROW-COMMITTED";

        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = new EmbeddedPostgresServer(Path.of(args[0])).start();
            execute(postgres, "create table note (text varchar(100))", "insert into note values ('saved before the kill')");
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private static void execute(EmbeddedPostgres postgres, String... sql) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    private static String readNote(EmbeddedPostgres postgres) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery("select text from note")) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
