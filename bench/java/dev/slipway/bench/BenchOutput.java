package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** How a benchmark ends: its scratch files gone, its report printed and written, its exit code its verdict. */
public final class BenchOutput {

    private BenchOutput() {
    }

    public static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Prints the report, writes it to {@code outputDir/fileName}, and exits with 1 when the goal was missed. */
    public static void publish(Path outputDir, String fileName, String report, boolean met) throws IOException {
        System.out.println();
        System.out.println(report);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(fileName), report);
        System.out.println("[bench] Written to " + outputDir.resolve(fileName));
        if (!met) {
            System.exit(1);
        }
    }
}
