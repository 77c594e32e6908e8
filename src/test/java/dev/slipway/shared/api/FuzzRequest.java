package dev.slipway.shared.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One generated request against one operation. Path values that name existing records are picked when the
 * request is sent (records come and go during a run); everything else is already in its wire form, one char a
 * byte (ISO-8859-1), so that odd bytes reach Tomcat as they are.
 */
record FuzzRequest(ApiOperation operation, String method, List<PathValue> pathValues, String suffix, String query,
        Payload payload, Map<String, String> headers, Caller caller) {

    /** A path parameter: either the {@code pick}-th existing record of {@code pool}, or a raw wire segment. */
    record PathValue(String pool, int pick, String raw) {

        static PathValue existing(String pool, int pick) {
            return new PathValue(pool, pick, null);
        }

        static PathValue raw(String wire) {
            return new PathValue(null, 0, wire);
        }

        @Override
        public String toString() {
            return raw != null ? raw : "<" + pool + "#" + pick + ">";
        }
    }

    /** A body, what it is meant to be (for the report), and the Content-Type it is sent with (null for none). */
    record Payload(String kind, byte[] bytes, String contentType) {

        static final Payload NONE = new Payload("none", null, null);

        Payload withContentType(String type) {
            return new Payload(kind, bytes, type);
        }

        @Override
        public String toString() {
            if (bytes == null) {
                return kind + (contentType == null ? "" : " (Content-Type: " + contentType + ")");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return kind + ", " + bytes.length + " bytes, Content-Type " + contentType + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** Who sends the request. */
    enum Caller {
        /** An administrator's token holding every scope: requests get past authorization to validation. */
        ADMIN,
        /** A developer's token holding only catalog:read. */
        READER,
        ANONYMOUS,
        GARBAGE_BEARER,
        UNKNOWN_TOKEN,
        HUGE_BEARER,
        BAD_BASIC,
        OTHER_SCHEME,
        LOWERCASE_BEARER
    }

    @Override
    public String toString() {
        var text = new StringBuilder(method).append(' ').append(operation.template()).append(" with ")
                .append(pathValues).append(suffix.isEmpty() ? "" : " + " + abbreviate(suffix))
                .append(query.isEmpty() ? "" : " ?" + abbreviate(query)).append(" as ").append(caller);
        headers.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(abbreviate(value)));
        return text.append("\n  body: ").append(payload).toString();
    }

    static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "… (" + text.length() + " chars)" : text;
    }
}
