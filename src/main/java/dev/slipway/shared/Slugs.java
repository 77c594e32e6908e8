package dev.slipway.shared;

/** Slugs name things in URLs and in Kubernetes, so they follow the DNS label rules (RFC 1123). */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$";
    public static final int MAX_LENGTH = 63;
    public static final String RULE =
            "must be 1 to 63 lowercase letters, digits or '-', starting and ending with a letter or digit";

    private Slugs() {
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.length() <= MAX_LENGTH && slug.matches(PATTERN);
    }
}
