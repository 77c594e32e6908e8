package dev.slipway.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What an API token may be used for; a token's rights are also bounded by its owner's. */
public enum Scope {
    CATALOG_READ("catalog:read"),
    CATALOG_WRITE("catalog:write"),
    RELEASES_WRITE("releases:write"),
    DEPLOYMENTS_WRITE("deployments:write"),
    ACCESS_REQUEST("access:request"),
    ACCESS_ADMIN("access:admin"),
    COSTS_READ("costs:read"),
    COSTS_WRITE("costs:write"),
    AUDIT_READ("audit:read"),
    METRICS_READ("metrics:read");

    private final String id;

    Scope(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Scope of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("is not a scope; the scopes are " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Scope::id).collect(Collectors.joining(", "));
    }
}
