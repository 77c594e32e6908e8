package dev.slipway.access.web;

import dev.slipway.access.GrantRequest;
import dev.slipway.shared.FieldError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** An administrator's grant form; the start is a UTC date and time, left empty for now. */
class GrantForm {

    private String granteeKind = "user";
    private @Nullable String grantee;
    private @Nullable String team;
    private @Nullable String services;
    private List<String> environments = new ArrayList<>();
    private List<String> actions = new ArrayList<>();
    private @Nullable String startsAt;
    private String duration = "PT8H";
    private @Nullable String reason;

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
        return new GrantRequest(toTeam ? null : grantee, toTeam ? grantee : null,
                AccessRequestForm.actions(actions, errors), team, AccessRequestForm.split(services), environments, start,
                null, AccessRequestForm.duration(duration, errors), reason);
    }

    public String getGranteeKind() { return granteeKind; }
    public void setGranteeKind(String granteeKind) { this.granteeKind = granteeKind; }
    public @Nullable String getGrantee() { return grantee; }
    public void setGrantee(String grantee) { this.grantee = grantee; }
    public @Nullable String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public @Nullable String getServices() { return services; }
    public void setServices(String services) { this.services = services; }
    public List<String> getEnvironments() { return environments; }
    public void setEnvironments(List<String> environments) { this.environments = environments; }
    public List<String> getActions() { return actions; }
    public void setActions(List<String> actions) { this.actions = actions; }
    public @Nullable String getStartsAt() { return startsAt; }
    public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
    public String getDuration() { return duration; }
    public void setDuration(String duration) { this.duration = duration; }
    public @Nullable String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
