package dev.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The exact bytes an event's hash covers: {@code SHA-256(prev_hash || canonical event)}. Every field
 * is written as {@code name=length:value;}, so no value can be mistaken for another field, and the
 * form depends only on what is stored (never on a JSON library's settings).
 */
final class AuditCanonicalForm {

    private AuditCanonicalForm() {
    }

    static String hash(AuditRecord event) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(event.prevHash().getBytes(StandardCharsets.UTF_8));
            digest.update(canonical(event).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String canonical(AuditRecord e) {
        var text = new StringBuilder(256);
        field(text, "seq", Long.toString(e.seq()));
        field(text, "occurredAt", e.occurredAt().toString());
        field(text, "actorId", e.actorId() == null ? null : e.actorId().toString());
        field(text, "actorName", e.actorName());
        field(text, "actorKind", e.actorKind());
        field(text, "tokenId", e.tokenId() == null ? null : e.tokenId().toString());
        field(text, "address", e.address());
        field(text, "userAgent", e.userAgent());
        field(text, "requestId", e.requestId());
        field(text, "action", e.action());
        field(text, "targetType", e.targetType());
        field(text, "targetId", e.targetId());
        field(text, "outcome", e.outcome());
        field(text, "reason", e.reason());
        field(text, "changes", e.changes());
        return text.toString();
    }

    private static void field(StringBuilder text, String name, @Nullable String value) {
        text.append(name).append('=');
        if (value == null) {
            text.append('-');
        } else {
            text.append(value.length()).append(':').append(value);
        }
        text.append(';');
    }
}
