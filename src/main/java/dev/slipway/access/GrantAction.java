package dev.slipway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a production access grant allows. */
public enum GrantAction {
    DEPLOY("deploy", "deploy"),
    ROLLBACK("rollback", "roll back"),
    OVERRIDE_FREEZE("override-freeze", "override a freeze");

    private final String id;
    private final String verb;

    GrantAction(String id, String verb) {
        this.id = id;
        this.verb = verb;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** As in "may deploy", "may roll back". */
    public String verb() {
        return verb;
    }

    @JsonCreator
    public static GrantAction of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("is not an action; the actions are " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(GrantAction::id).collect(Collectors.joining(", "));
    }
}
