package dev.slipway.catalog;

import org.jspecify.annotations.Nullable;

/** Turns what a user typed into a search box into a safe, case-insensitive LIKE pattern. */
final class SearchPatterns {

    private SearchPatterns() {
    }

    static @Nullable String contains(@Nullable String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        String escaped = query.strip().toLowerCase()
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
