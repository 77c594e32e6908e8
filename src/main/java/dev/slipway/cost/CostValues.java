package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses the values of one row at a time: numbers, dates, currencies and tags. A value
 * that cannot be read becomes a problem on the current line and marks the row invalid;
 * a value that can be read after bending it becomes a warning.
 */
final class CostValues {

    static final String NULL_LITERAL = "the literal NULL stands for an empty value";

    static final String NUMBER_SPACES = "numbers with surrounding spaces, spaces ignored";

    static final String DATE_ONLY = "dates without a time, taken as midnight UTC";

    static final String DATE_NO_ZONE = "dates and times without a time zone, taken as UTC";

    static final String DATE_SPACE = "dates and times with a space instead of 'T'";

    static final String DATE_SPACE_NO_ZONE = "dates and times with a space instead of 'T' and without a time zone, taken as UTC";

    static final String TAG_KEYS_TRIMMED = "tag keys trimmed";

    static final String TAG_KEYS_LOWER_CASED = "tag keys lower-cased";

    static final String EMPTY_TAG_KEYS = "tags with an empty key dropped";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final ImportReport report;

    private long line;

    private boolean rowValid;

    /** The first example decides the message, so that the warning stays one kind. */
    private @Nullable String tagPrefixWarning;

    CostValues(ImportReport report) {
        this.report = report;
    }

    void startRow(long line) {
        this.line = line;
        this.rowValid = true;
    }

    boolean rowValid() {
        return this.rowValid;
    }

    long line() {
        return this.line;
    }

    void problem(String reason) {
        this.report.problem(this.line, reason);
        this.rowValid = false;
    }

    void warn(String message) {
        this.report.warn(message, this.line);
    }

    /** The value, or null when it is empty or the literal NULL. */
    @Nullable String text(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() == 4 && raw.equalsIgnoreCase("NULL")) {
            warn(NULL_LITERAL);
            return null;
        }
        return raw;
    }

    /** A decimal read from its text, or null when empty. */
    @Nullable BigDecimal number(String column, String raw) {
        String text = text(raw);
        if (text == null) {
            return null;
        }
        if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
            text = text.strip();
            if (text.isEmpty()) {
                return null;
            }
            warn(NUMBER_SPACES);
        }
        try {
            return new BigDecimal(text);
        }
        catch (NumberFormatException ex) {
            problem(column + ": '" + raw + "' is not a number");
            return null;
        }
    }

    /** A decimal that must be there. */
    /** A text the line item cannot do without (its column is NOT NULL); an empty one is a problem of the row. */
    @Nullable String requiredText(String column, String raw) {
        String value = text(raw);
        if (value == null) {
            problem(column + " is empty");
        }
        return value;
    }

    @Nullable BigDecimal requiredNumber(String column, String raw) {
        BigDecimal value = number(column, raw);
        if (value == null && this.rowValid) {
            problem(column + " is empty");
        }
        return value;
    }

    /** A decimal the file may leave empty although FOCUS does not allow it; then 0. */
    @Nullable BigDecimal numberOrZero(String column, String raw) {
        BigDecimal value = number(column, raw);
        if (value == null && this.rowValid) {
            warn(column + " empty, counted as 0");
            return BigDecimal.ZERO;
        }
        return value;
    }

    /** A date and time that must be there. */
    @Nullable Instant instant(String column, String raw, DateCache cache) {
        String text = text(raw);
        if (text == null) {
            problem(column + " is empty");
            return null;
        }
        if (text.equals(cache.text)) {
            if (cache.warning != null) {
                warn(cache.warning);
            }
            return cache.instant;
        }
        ParsedDate parsed = parseDate(text);
        if (parsed == null) {
            problem(column + ": '" + raw + "' is not a date and time (use ISO-8601 UTC, e.g. 2024-09-01T00:00:00Z)");
            return null;
        }
        cache.text = text;
        cache.instant = parsed.instant;
        cache.warning = parsed.warning;
        if (parsed.warning != null) {
            warn(parsed.warning);
        }
        return parsed.instant;
    }

    /** Checks that a period ends after it starts. */
    void period(String startColumn, Instant start, String endColumn, Instant end) {
        if (start != null && end != null && !end.isAfter(start)) {
            problem(endColumn + " " + end + " is not after " + startColumn + " " + start);
        }
    }

    /** A currency code of three capital letters, or null when empty. */
    @Nullable String currency(String column, String raw) {
        String text = text(raw);
        if (text == null) {
            return null;
        }
        if (text.length() != 3 || !isCapital(text.charAt(0)) || !isCapital(text.charAt(1))
                || !isCapital(text.charAt(2))) {
            problem(column + ": '" + raw + "' is not a currency code (three capital letters, e.g. EUR)");
            return null;
        }
        return text;
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** FOCUS Tags: a JSON object of scalar values. */
    Map<String, String> jsonTags(String raw) {
        String text = text(raw);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return tagsProblem("it does not start with '{'");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                switch (valueToken) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> putTag(tags, key, parser.getString());
                    case VALUE_TRUE -> putTag(tags, key, "true");
                    case VALUE_FALSE -> putTag(tags, key, "false");
                    case VALUE_NULL -> {
                    }
                    default -> {
                        return tagsProblem("the value of '" + key + "' is not a string, number or boolean");
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return tagsProblem("unexpected text after the object");
            }
        }
        catch (JacksonException ex) {
            return tagsProblem("invalid JSON: " + ex.getOriginalMessage());
        }
        return tags.isEmpty() ? Map.of() : tags;
    }

    private Map<String, String> tagsProblem(String why) {
        problem("Tags: not a JSON object of scalar values (" + why + ")");
        return Map.of();
    }

    /** Adds a tag under its normalised key; of two keys that normalise alike the first non-empty value wins. */
    void putTag(Map<String, String> tags, String rawKey, String value) {
        String key = tagKey(rawKey);
        if (key == null) {
            return;
        }
        String existing = tags.get(key);
        if (existing == null || existing.isEmpty()) {
            tags.put(key, value);
        }
    }

    /** Trimmed, lower-cased, without a vendor prefix up to the last ':'; null when nothing is left. */
    @Nullable String tagKey(String rawKey) {
        String key = rawKey.strip();
        if (key.length() != rawKey.length()) {
            warn(TAG_KEYS_TRIMMED);
        }
        int colon = key.lastIndexOf(':');
        String unprefixed = colon < 0 ? key : key.substring(colon + 1).strip();
        String lower = lowerCase(unprefixed);
        if (lower != unprefixed) {
            warn(TAG_KEYS_LOWER_CASED);
        }
        if (colon >= 0) {
            if (this.tagPrefixWarning == null) {
                this.tagPrefixWarning = "tag key prefixes removed (" + key + " → " + lower + ")";
            }
            warn(this.tagPrefixWarning);
        }
        if (lower.isEmpty()) {
            warn(EMPTY_TAG_KEYS);
            return null;
        }
        return lower;
    }

    /** The same instance when already lower case, so callers can tell whether it changed. */
    private static String lowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isUpperCase(s.charAt(i))) {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }

    /**
     * Reads ISO-8601 by hand: a million-row file has millions of dates, and the common
     * forms are few. Null when the text is not a date and time we accept.
     */
    static @Nullable ParsedDate parseDate(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            if (n == 10) {
                return new ParsedDate(LocalDateTime.of(year, month, day, 0, 0).toInstant(ZoneOffset.UTC), DATE_ONLY);
            }
            char separator = s.charAt(10);
            if ((separator != 'T' && separator != ' ') || n < 16 || s.charAt(13) != ':') {
                return null;
            }
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = 0;
            int nanos = 0;
            int pos = 16;
            if (pos < n && s.charAt(pos) == ':') {
                second = digits(s, pos + 1, 2);
                pos += 3;
                if (pos < n && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
                    pos++;
                    int start = pos;
                    while (pos < n && isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    int count = pos - start;
                    if (count == 0 || count > 9) {
                        return null;
                    }
                    nanos = digits(s, start, count);
                    for (int i = count; i < 9; i++) {
                        nanos *= 10;
                    }
                }
            }
            if (hour < 0 || minute < 0 || second < 0) {
                return null;
            }
            ZoneOffset offset = ZoneOffset.UTC;
            boolean zoned = true;
            if (pos == n) {
                zoned = false;
            }
            else {
                char z = s.charAt(pos);
                if ((z == 'Z' || z == 'z') && pos + 1 == n) {
                    offset = ZoneOffset.UTC;
                }
                else if (z == '+' || z == '-') {
                    offset = offset(s, pos + 1, z == '-');
                    if (offset == null) {
                        return null;
                    }
                }
                else {
                    return null;
                }
            }
            Instant instant = LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
            String warning = (separator == ' ') ? (zoned ? DATE_SPACE : DATE_SPACE_NO_ZONE)
                    : (zoned ? null : DATE_NO_ZONE);
            return new ParsedDate(instant, warning);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    /** HH, HHMM or HH:MM after the sign. */
    private static @Nullable ZoneOffset offset(String s, int pos, boolean negative) {
        int rest = s.length() - pos;
        int hours = digits(s, pos, 2);
        int minutes;
        if (rest == 2) {
            minutes = 0;
        }
        else if (rest == 4) {
            minutes = digits(s, pos + 2, 2);
        }
        else if (rest == 5 && s.charAt(pos + 2) == ':') {
            minutes = digits(s, pos + 3, 2);
        }
        else {
            return null;
        }
        if (hours < 0 || minutes < 0) {
            return null;
        }
        return negative ? ZoneOffset.ofHoursMinutes(-hours, -minutes) : ZoneOffset.ofHoursMinutes(hours, minutes);
    }

    /** The number written by count digits at start, or -1. */
    private static int digits(String s, int start, int count) {
        if (start + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    record ParsedDate(Instant instant, @Nullable String warning) {
    }

    /** The last date read in one column: billing periods repeat on every row. */
    static final class DateCache {

        private @Nullable String text;

        private @Nullable Instant instant;

        private @Nullable String warning;

    }

}
