package dev.slipway.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** The machine and software a run was made on, so its figures can be compared with another's. */
public record Machine(String cpu, int cores, double memoryGiB, String os, String jdk, String postgres) {

    public static Machine describe(DataSource dataSource) throws SQLException {
        var system = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(
                firstValue(Path.of("/proc/cpuinfo"), "model name", ':').orElse(System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(),
                system.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(name -> name.replace("\"", ""))
                        .orElse(System.getProperty("os.name") + " " + System.getProperty("os.version")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "PostgreSQL " + postgresVersion(dataSource) + " (embedded)");
    }

    @Override
    public String toString() {
        return String.format(Locale.ENGLISH, "%s, %d cores, %.1f GiB memory, %s, %s, %s",
                cpu, cores, memoryGiB, os, jdk, postgres);
    }

    private static String postgresVersion(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    /** The value of the first line of a system file that starts with the key, when there is one. */
    private static Optional<String> firstValue(Path file, String key, char separator) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(separator) + 1).strip())
                    .findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
