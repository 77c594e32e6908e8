package dev.slipway.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The actors of tokens seen in the last moments ({@code slipway.identity.tokens.cache-time}, 2 s by default), so that a
 * script calling the API many times a second does not pay a transaction and five statements for its token on every
 * call.
 * An entry is keyed by the secret's hash and the caller's address (a new address goes to the database, where its use
 * is noted), and is dropped — with every other — as soon as a change that could alter what a token may do commits
 * in this process: a token revoked, a user changed, enabled or disabled, a membership or team changed or removed.
 * A change made by another replica, or straight in the database, takes effect within the cache time.
 */
@Component
class RecentTokens {

    // A bound, not a tuning knob: more distinct tokens than this within the cache time is not a workload to speed up.
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Actor actor, Instant until) {
    }

    /** A change that could alter a token's rights and has no event of its own: a team deleted, an OIDC sign-in. */
    record RightsMayHaveChanged() {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Duration cacheTime;
    private final ApplicationEventPublisher events;

    RecentTokens(IdentityProperties properties, ApplicationEventPublisher events) {
        this.cacheTime = properties.tokens().cacheTime();
        this.events = events;
    }

    /** The generation to hand back to {@link #remember}: read it before reading the token from the database. */
    long generation() {
        return generation.get();
    }

    Optional<Actor> recall(String secretHash, String address, Instant now) {
        Entry entry = entries.get(key(secretHash, address));
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.until())) {
            entries.remove(key(secretHash, address), entry);
            return Optional.empty();
        }
        return Optional.of(entry.actor());
    }

    /**
     * Keeps the actor until the cache time has passed or the token expires, whichever comes first — unless
     * something changed since {@code generation} was read, when what was read may already be stale.
     */
    void remember(String secretHash, String address, Actor actor, Instant tokenExpiresAt, Instant now,
            long generationRead) {
        if (cacheTime.isZero() || cacheTime.isNegative()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Instant until = now.plus(cacheTime);
        entries.put(key(secretHash, address), new Entry(actor, tokenExpiresAt.isBefore(until) ? tokenExpiresAt : until));
        if (generation.get() != generationRead) {
            entries.remove(key(secretHash, address));
        }
    }

    /** Forgets every actor: the next request of every token reads the database again. */
    void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Forgets every actor once the current transaction commits (at once, outside a transaction). */
    void forgetAllAfterCommit() {
        events.publishEvent(new RightsMayHaveChanged());
    }

    /** After a change that could alter a token's rights has committed (or at once, outside a transaction). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true, classes = {
        TokenRevoked.class, UserUpdated.class, UserEnabled.class, UserDisabled.class, MembershipSet.class,
        MembershipRemoved.class, RightsMayHaveChanged.class})
    void afterRightsChanged() {
        forgetAll();
    }

    private static String key(String secretHash, String address) {
        return secretHash + ' ' + address;
    }
}
