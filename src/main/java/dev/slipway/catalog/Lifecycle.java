package dev.slipway.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a service stands in its life; written in lowercase in the API and in URLs. */
public enum Lifecycle {
    EXPERIMENTAL, PRODUCTION, DEPRECATED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Lifecycle of(String value) {
        return Arrays.stream(values())
                .filter(l -> l.name().equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Lifecycle::id).collect(Collectors.joining(", "));
    }
}
