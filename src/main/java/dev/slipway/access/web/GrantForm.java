package dev.slipway.access.web;

import dev.slipway.access.GrantRequest;
import dev.slipway.shared.FieldError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** An administrator's grant form; the start is a UTC date and time, left empty for now. */
class GrantForm {

    private String granteeKind = "user";
    private String grantee;
    private String team;
    private String services;
    private List<String> environments = new ArrayList<>();
    private List<String> actions = new ArrayList<>();
    private String startsAt;
    private String duration = "PT8H";
    private String reason;

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
    public String getGrantee() { return grantee; }
    public void setGrantee(String grantee) { this.grantee = grantee; }
    public String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public String getServices() { return services; }
    public void setServices(String services) { this.services = services; }
    public List<String> getEnvironments() { return environments; }
    public void setEnvironments(List<String> environments) { this.environments = environments; }
    public List<String> getActions() { return actions; }
    public void setActions(List<String> actions) { this.actions = actions; }
    public String getStartsAt() { return startsAt; }
    public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
    public String getDuration() { return duration; }
    public void setDuration(String duration) { this.duration = duration; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
