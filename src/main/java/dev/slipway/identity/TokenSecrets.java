package dev.slipway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Token secrets: 256 random bits behind a recognisable {@code slw_} prefix, stored only as SHA-256. */
final class TokenSecrets {

    static final String PREFIX = "slw_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_LENGTH = PREFIX.length() + 43; // 32 bytes in unpadded base64url

    private TokenSecrets() {
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean looksLikeSecret(String value) {
        return value != null && value.length() == SECRET_LENGTH && value.startsWith(PREFIX)
                && value.substring(PREFIX.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares two hashes in constant time. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String hint(String secret) {
        return secret.substring(PREFIX.length(), PREFIX.length() + 6);
    }
}
