package dev.slipway.catalog;

import dev.slipway.shared.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Cost tags (project, cost-center, …) become Kubernetes labels on everything Slipway deploys and
 * keys for cost allocation, so keys and values follow the label rules.
 */
public final class CostTags {

    static final int MAX_TAGS = 30;
    private static final String KEY = "^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$";
    private static final String VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

    private CostTags() {
    }

    static List<FieldError> check(Map<String, String> tags) {
        var errors = new ArrayList<FieldError>();
        if (tags == null) {
            return errors;
        }
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError("costTags", "at most " + MAX_TAGS + " tags are allowed"));
        }
        tags.forEach((key, value) -> {
            String field = "costTags[" + key + "]";
            if (key == null || key.length() > 63 || !key.matches(KEY)) {
                errors.add(new FieldError(field, "key must be 1 to 63 lowercase letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit"));
            }
            if (value == null || value.isEmpty()) {
                errors.add(new FieldError(field, "value must not be empty"));
            } else if (value.length() > 63 || !value.matches(VALUE)) {
                errors.add(new FieldError(field, "value must be at most 63 letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit"));
            }
        });
        return errors;
    }

    /** Sorted by key, so they read and compare the same everywhere. */
    static Map<String, String> normalised(Map<String, String> tags) {
        return tags == null ? new TreeMap<>() : new TreeMap<>(tags);
    }

    /** Parses the portal's text form: one {@code key=value} a line. */
    public static Map<String, String> parse(@Nullable String text, List<FieldError> errors) {
        var tags = new LinkedHashMap<String, String>();
        if (text == null) {
            return tags;
        }
        int lineNumber = 0;
        for (String line : text.split("\\R")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add(new FieldError("costTags", "line " + lineNumber + ": write each tag as key=value"));
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (tags.put(key, line.substring(eq + 1).strip()) != null) {
                errors.add(new FieldError("costTags", "line " + lineNumber + ": tag '" + key + "' is given twice"));
            }
        }
        return tags;
    }

    public static String format(Map<String, String> tags) {
        var text = new StringBuilder();
        new TreeMap<>(tags).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }
}
