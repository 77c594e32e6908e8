package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules use each other only through their public surface, without cycles, and only as each module's
 * {@code package-info.java} allows; the diagram the README shows is written from the same model on every build.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(SlipwayApplication.class);
    static final Path DIAGRAMS = Path.of("docs/architecture");

    @Test
    void modulesDependOnlyOnWhatTheyDeclareThroughPublicTypesAndHaveNoCycles() {
        MODULES.verify();
    }

    @Test
    void theModuleDiagramIsWrittenFromTheCode() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();

        try (var written = Files.list(DIAGRAMS)) {
            for (Path puml : written.filter(p -> p.toString().endsWith(".puml")).toList()) {
                Files.writeString(puml, inStableOrder(Files.readString(puml)));
            }
        }
        Path source = DIAGRAMS.resolve("components.puml");
        // PlantUML's own layout engine (Smetana), so no Graphviz needs to be installed.
        String diagram = Files.readString(source).replaceFirst("@startuml", "@startuml\n!pragma layout smetana");
        try (OutputStream svg = Files.newOutputStream(DIAGRAMS.resolve("modules.svg"))) {
            new SourceStringReader(diagram).outputImage(svg, new FileFormatOption(FileFormat.SVG));
        }
        assertThat(DIAGRAMS.resolve("modules.svg")).content().contains("<svg").contains("Deploy").contains("Audit");
    }

    /**
     * The Documenter lists modules and their relations in the order it found the classes, which differs between
     * checkouts; sorted, the files only change when the structure does, so a build leaves the working tree clean.
     */
    static String inStableOrder(String puml) {
        var lines = new ArrayList<>(puml.lines().toList());
        for (int start = 0; start < lines.size(); start++) {
            String kind = listed(lines.get(start));
            if (kind == null) {
                continue;
            }
            int end = start;
            while (end < lines.size() && kind.equals(listed(lines.get(end)))) {
                end++;
            }
            Collections.sort(lines.subList(start, end));
            start = end;
        }
        return String.join("\n", lines) + "\n";
    }

    private static String listed(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("Rel(") ? "Rel" : trimmed.startsWith("Component(") ? "Component" : null;
    }
}
