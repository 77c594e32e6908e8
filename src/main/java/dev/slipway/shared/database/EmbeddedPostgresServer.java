package dev.slipway.shared.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL on a data directory that outlives the process.
 *
 * <p>The library's defaults suit throw-away test databases (no fsync, asynchronous commit); here
 * durability is switched back on, because this is where users keep their work. A server left
 * running by a killed Slipway process is stopped first, so the next start can take over its data.
 */
final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private final Path dataDir;

    EmbeddedPostgresServer(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    EmbeddedPostgres start() throws IOException {
        return start(0);
    }

    /** Starts on {@code port}, or on a free one when it is 0; a server that died is taken over with crash recovery. */
    EmbeddedPostgres start(int port) throws IOException {
        Files.createDirectories(dataDir);
        stopOrphanedServer();
        var builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        return builder
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    Path dataDir() {
        return dataDir;
    }

    /** Whether the server process named in the data folder's pid file is running. */
    boolean running() {
        return postmaster().map(ProcessHandle::isAlive).orElse(false);
    }

    Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream().findFirst().map(String::trim)
                    .filter(line -> line.matches("\\d+"))
                    .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void stopOrphanedServer() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return; // stale pid file: PostgreSQL cleans it up itself on start
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier Slipway process",
                orphan.get().pid(), dataDir);
        orphan.get().destroy(); // SIGTERM: a clean shutdown once its clients are gone
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL (pid " + orphan.get().pid() + ") on " + dataDir
                    + " did not stop; stop it and start Slipway again", e);
        }
    }
}
