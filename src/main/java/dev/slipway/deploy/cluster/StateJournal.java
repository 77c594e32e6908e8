package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sandbox cluster's objects in a folder across restarts: every stored object and every deletion is
 * appended to {@code objects.jsonl} as one JSON line as it happens, and at start the file is read back and
 * compacted to the objects that still exist. Each line is handed to the operating system before the request is
 * answered, so a process killed outright loses nothing it acknowledged; a line cut short by the kill is skipped.
 */
final class StateJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "objects.jsonl";

    /** An object as stored: the path it was written through and its JSON. */
    record StoredObject(String path, String json, long resourceVersion) {
    }

    private final Path file;
    private final List<StoredObject> objects;
    private final OutputStream out;

    private StateJournal(Path file, List<StoredObject> objects, OutputStream out) {
        this.file = file;
        this.objects = objects;
        this.out = out;
    }

    static StateJournal open(Path folder) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(FILE);
            List<StoredObject> objects = Files.exists(file) ? compact(file) : List.of();
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log.info("Sandbox cluster: keeping its objects in {} ({} found)", file.toAbsolutePath(), objects.size());
            return new StateJournal(file, objects, out);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox cluster cannot keep its objects in " + folder, e);
        }
    }

    /** The objects found at start, oldest change first. */
    List<StoredObject> objects() {
        return objects;
    }

    long lastResourceVersion() {
        return objects.stream().mapToLong(StoredObject::resourceVersion).max().orElse(0);
    }

    void stored(String path, String json) {
        append("{\"path\":" + quoted(path) + ",\"object\":" + json + "}\n");
    }

    void deleted(String path, String json) {
        append("{\"path\":" + quoted(path) + ",\"deleted\":" + json + "}\n");
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("Sandbox cluster: could not close {}", file, e);
        }
    }

    private synchronized void append(String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox cluster could not write to " + file, e);
        }
    }

    private static List<StoredObject> compact(Path file) throws IOException {
        Map<String, StoredObject> latest = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry;
            try {
                entry = JSON.readTree(line);
            } catch (IOException e) {
                log.warn("Sandbox cluster: skipping a line of {} cut short", file);
                continue;
            }
            JsonNode object = entry.has("object") ? entry.get("object") : entry.get("deleted");
            if (object == null) {
                continue;
            }
            String key = key(object);
            latest.remove(key);
            if (entry.has("object")) {
                latest.put(key, new StoredObject(entry.path("path").asText(), object.toString(),
                        object.path("metadata").path("resourceVersion").asLong(0)));
            }
        }
        List<StoredObject> objects = new ArrayList<>(latest.values());
        objects.sort(Comparator.comparingLong(StoredObject::resourceVersion));
        Path compacted = file.resolveSibling(FILE + ".compacting");
        try (BufferedWriter writer = Files.newBufferedWriter(compacted, StandardCharsets.UTF_8)) {
            for (StoredObject object : objects) {
                writer.write("{\"path\":" + quoted(object.path()) + ",\"object\":" + object.json() + "}\n");
            }
        }
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return List.copyOf(objects);
    }

    private static String key(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText() + "/"
                + metadata.path("namespace").asText() + "/" + metadata.path("name").asText();
    }

    private static String quoted(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }
}
