package dev.slipway.access.web;

import dev.slipway.access.GrantRequest;
import dev.slipway.shared.FieldError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** An administrator's grant form; the start is a UTC date and time, left empty for now. */
class GrantForm extends ScopeForm {

    private String granteeKind = "user";
    private @Nullable String grantee;
    private @Nullable String startsAt;

    GrantForm() {
        super("PT8H");
    }

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    GrantRequest toRequest(List<FieldError> errors) {
        boolean toTeam = "team".equals(granteeKind);
        Instant start = null;
        if (startsAt != null && !startsAt.isBlank()) {
            try {
                start = LocalDateTime.parse(startsAt.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("startsAt", "is not a date and time"));
            }
        }
        return new GrantRequest(toTeam ? null : grantee, toTeam ? grantee : null, actions(errors), getTeam(),
                serviceList(), getEnvironments(), start, null, duration(errors), getReason());
    }

    public String getGranteeKind() { return granteeKind; }
    public void setGranteeKind(String granteeKind) { this.granteeKind = granteeKind; }
    public @Nullable String getGrantee() { return grantee; }
    public void setGrantee(String grantee) { this.grantee = grantee; }
    public @Nullable String getStartsAt() { return startsAt; }
    public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
}
