package dev.slipway.shared;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON to place inside a {@code <script type="application/json">} element. Such an element's text
 * is not HTML-decoded, so it is written unescaped, and every character that could end the element
 * or open markup is written as a JSON escape instead: valid JSON, inert HTML.
 */
public final class SafeJson {

    private SafeJson() {
    }

    public static String of(JsonMapper json, Object value) {
        return json.writeValueAsString(value)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
