package dev.slipway.audit;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.SignInRefused;
import dev.slipway.identity.SignInSucceeded;
import dev.slipway.shared.RequestIds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit entries into the trail; the {@code *Auditing} listeners make them of the modules' events. A change
 * is written in the transaction that makes it, so no change exists without its event. A denial or failure is
 * written in a transaction of its own once the request's transaction has ended, so it is kept even though the
 * request's work is rolled back.
 */
@Component
class AuditRecorder {

    private final AuditChain chain;
    private final AccessPolicy access;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final ApplicationEventPublisher events;

    /** An entry to write in a transaction of its own once the request's transaction has ended, however it ended. */
    record OnItsOwn(AuditChain.Draft draft) {
    }

    AuditRecorder(AuditChain chain, AccessPolicy access, JsonMapper json, Clock clock,
            PlatformTransactionManager transactions, ApplicationEventPublisher events) {
        this.chain = chain;
        this.access = access;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
    }

    /** Records a success with its change; a denial or failure on its own, as the request's work is usually rolled back. */
    void record(AuditEntry entry) {
        if (entry.outcome() != AuditEntry.Outcome.SUCCESS) {
            writeOnItsOwn(byCurrentActor(entry));
        } else {
            append(byCurrentActor(entry));
        }
    }

    void success(String action, String targetType, String targetId) {
        record(AuditEntry.success(action, targetType, targetId));
    }

    void success(String action, String targetType, String targetId, Map<String, Object[]> changes) {
        record(AuditEntry.success(action, targetType, targetId, changes));
    }

    void denied(String action, @Nullable String targetType, @Nullable String targetId, @Nullable String reason) {
        record(AuditEntry.denied(action, targetType, targetId, reason));
    }

    void failed(String action, String targetType, String targetId, @Nullable String reason) {
        record(AuditEntry.failed(action, targetType, targetId, reason));
    }

    /** Records a change (also one whose outcome is a failure, such as a failed rollout) with the change itself. */
    void withTheChange(AuditEntry entry) {
        append(byCurrentActor(entry));
    }

    private AuditChain.Draft byCurrentActor(AuditEntry entry) {
        Actor actor = access.signedIn();
        return draft(actor == null ? null : actor.userId(), actor == null ? "anonymous" : actor.username(),
                actor == null ? "ANONYMOUS" : actor.kind().name(),
                actor == null || actor.token() == null ? null : actor.token().tokenId(), entry);
    }

    private void append(AuditChain.Draft draft) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            chain.append(draft);
        } else {
            ownTransaction.executeWithoutResult(status -> chain.append(draft));
        }
    }

    @EventListener
    void on(SignInRefused refused) {
        writeOnItsOwn(draft(null, "anonymous", "ANONYMOUS", null, AuditEntry.denied(refused.action(),
                refused.username() == null ? "token" : "user", refused.username(), refused.reason())));
    }

    @EventListener
    void on(SignInSucceeded signedIn) {
        var event = AuditEntry.success(SignInSucceeded.NAME, "user", signedIn.username());
        ownTransaction.executeWithoutResult(status -> chain.append(
                draft(signedIn.userId(), signedIn.username(), Actor.Kind.PERSON.name(), null, event)));
    }

    private void writeOnItsOwn(AuditChain.Draft draft) {
        events.publishEvent(new OnItsOwn(draft));
    }

    /** Committed or rolled back, the request's transaction has ended (or there was none): the entry is written now. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    void on(OnItsOwn entry) {
        ownTransaction.executeWithoutResult(status -> chain.append(entry.draft()));
    }

    private AuditChain.Draft draft(@Nullable Long actorId, String actorName, String actorKind, @Nullable Long tokenId, AuditEntry event) {
        RequestIds.Origin origin = RequestIds.current();
        return new AuditChain.Draft(clock.instant(), actorId, actorName, actorKind, tokenId, origin.address(),
                storable(origin.userAgent(), 300), origin.requestId(), event.action(), event.targetType(),
                storable(event.targetId(), 200), event.outcome().name(), storable(event.reason(), 1000),
                changes(event.changes()));
    }

    /**
     * Text as its column holds it, so that what is hashed is what is read back: the target of a refusal is
     * whatever the caller sent (a 10 000-character slug, a NUL or half a surrogate pair in a name), and an event
     * PostgreSQL refuses would lose the refusal, one it stores differently would break the chain. A NUL (which a
     * text column cannot hold) and a lone surrogate (which UTF-8 cannot encode) become U+FFFD; what is past the
     * column's length is cut at a whole character and marked with an ellipsis.
     */
    static @Nullable String storable(@Nullable String value, int max) {
        if (value == null) {
            return null;
        }
        var text = new StringBuilder(value.length());
        value.codePoints().forEach(c -> text.appendCodePoint(c == 0 || Character.getType(c) == Character.SURROGATE
                ? 0xFFFD : c));
        if (text.length() <= max) {
            return text.toString();
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, cut) + "…";
    }


    private @Nullable String changes(Map<String, Object[]> changes) {
        if (changes == null || changes.isEmpty()) {
            return null;
        }
        var sorted = new TreeMap<String, Object>();
        changes.forEach((field, values) -> {
            var change = new LinkedHashMap<String, String>();
            change.put("before", values[0] == null ? null : String.valueOf(values[0]));
            change.put("after", values[1] == null ? null : String.valueOf(values[1]));
            sorted.put(field, change);
        });
        return storable(json.writeValueAsString(sorted), Integer.MAX_VALUE);
    }
}
