package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches requested over plain HTTP, as kubectl and other Go clients make them. fabric8's server streams
 * watch events only over WebSocket, and cannot hold a plain HTTP response open, so such a watch is answered
 * as a long poll: after {@link #INTERVAL}, with the objects changed since the requested resource version.
 * Clients that watch again when a watch ends, as client-go's informers do for {@code kubectl rollout status}
 * and {@code kubectl wait}, follow changes this way; {@code kubectl get --watch} ends with the first answer.
 * Deletions are not reported this way.
 */
final class PlainHttpWatch {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SELECTORS = List.of("labelSelector", "fieldSelector");

    private PlainHttpWatch() {
    }

    static boolean isWatch(RequestPath target) {
        String watch = target.query().get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    /** The list request whose answer holds the objects this watch covers. */
    static String listPath(RequestPath target) {
        StringBuilder path = new StringBuilder(target.path());
        char separator = '?';
        for (String selector : SELECTORS) {
            String value = target.query().get(selector);
            if (value != null) {
                path.append(separator).append(selector).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return path.toString();
    }

    /**
     * Watch events, one JSON object a line, for the items of {@code list} newer than {@code sinceResourceVersion}
     * (all of them, as ADDED, when the client named none). Never empty: the web server sends an empty body at
     * once, which would turn the long poll into a busy loop.
     */
    static String events(String list, @Nullable String sinceResourceVersion) {
        long since = parse(sinceResourceVersion);
        List<JsonNode> changed = new ArrayList<>();
        try {
            JSON.readTree(list).path("items").forEach(changed::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed.removeIf(item -> version(item) <= since);
        // Clients resume from the version of the last event they saw, so the newest change goes last.
        changed.sort(Comparator.comparingLong(PlainHttpWatch::version));
        StringBuilder events = new StringBuilder();
        for (JsonNode item : changed) {
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", since < 0 ? "ADDED" : "MODIFIED");
            event.set("object", item);
            events.append(event).append('\n');
        }
        return events.isEmpty() ? "\n" : events.toString();
    }

    private static long version(JsonNode item) {
        return parse(item.path("metadata").path("resourceVersion").asText());
    }

    private static long parse(@Nullable String resourceVersion) {
        try {
            return resourceVersion == null || resourceVersion.isEmpty() || "0".equals(resourceVersion)
                    ? -1
                    : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
