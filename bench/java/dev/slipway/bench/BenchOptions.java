package dev.slipway.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Command-line options of the form {@code --name value} or {@code --flag}. */
final class BenchOptions {

    private BenchOptions() {
    }

    static Map<String, String> parse(String[] args) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected an option such as --rows 1000000, got " + args[i]);
            }
            String name = args[i].substring(2);
            int equals = name.indexOf('=');
            if (equals > 0) {
                options.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }

    /** A whole number, written with or without separators: 1000000, 1_000_000, 1,000,000 or 1m / 200k. */
    static long longValue(Map<String, String> options, String name, long defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        String digits = value.replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        if (digits.endsWith("k")) {
            return Long.parseLong(digits.substring(0, digits.length() - 1)) * 1_000;
        }
        if (digits.endsWith("m")) {
            return Long.parseLong(digits.substring(0, digits.length() - 1)) * 1_000_000;
        }
        return Long.parseLong(digits);
    }
}
