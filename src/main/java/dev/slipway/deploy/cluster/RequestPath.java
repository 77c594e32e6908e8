package dev.slipway.deploy.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request target split into its path and its query parameters (the first value of each). */
record RequestPath(String path, Map<String, String> query) {

    static RequestPath parse(String target) {
        int question = target.indexOf('?');
        if (question < 0) {
            return new RequestPath(target, Map.of());
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : target.substring(question + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.putIfAbsent(name, value);
        }
        return new RequestPath(target.substring(0, question), Map.copyOf(query));
    }

    boolean isStatus() {
        return path.endsWith("/status");
    }

    boolean isDryRun() {
        return query.containsKey("dryRun");
    }

    /** The URL of the collection an object's URL points into. */
    String collection() {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
