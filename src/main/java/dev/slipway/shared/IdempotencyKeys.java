package dev.slipway.shared;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rule for an {@code Idempotency-Key}: 1 to 100 printable ASCII characters. Checked before the key is
 * looked up or stored, so a key the database or a log line cannot carry is refused as the client's mistake.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 100;

    private IdempotencyKeys() {
    }

    /** Refuses a key that breaks the rule; no key at all is fine. */
    public static void check(@Nullable String key) {
        if (key == null) {
            return;
        }
        if (key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new InvalidInputException(HEADER,
                    "must be at most " + MAX_LENGTH + " printable ASCII characters, e.g. a build id or a UUID");
        }
    }

    /**
     * Holds, until the transaction ends, the right to act on a person's key for one kind of request, so concurrent
     * retries wait for the first one and then replay it instead of racing it into a unique-key clash.
     */
    public static void lock(JdbcClient jdbc, String kind, @Nullable Long userId, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(? || '-idempotency:' || ? || ':' || ?, 0))")
                .params(kind, String.valueOf(userId), key).query((rs, i) -> 1).single();
    }
}
