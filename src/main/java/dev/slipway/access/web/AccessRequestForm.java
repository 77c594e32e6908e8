package dev.slipway.access.web;

import dev.slipway.access.GrantAction;
import dev.slipway.access.NewAccessRequest;
import dev.slipway.shared.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** The access request form as the browser posts it: services as a comma-separated list, the duration as ISO-8601. */
class AccessRequestForm {

    private @Nullable String team;
    private @Nullable String services;
    private List<String> environments = new ArrayList<>();
    private List<String> actions = new ArrayList<>();
    private String duration = "PT1H";
    private @Nullable String reason;

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    NewAccessRequest toRequest(List<FieldError> errors) {
        return new NewAccessRequest(actions(actions, errors), team, split(services), environments,
                duration(duration, errors), reason);
    }

    static List<GrantAction> actions(List<String> values, List<FieldError> errors) {
        var parsed = new ArrayList<GrantAction>();
        for (String value : values == null ? List.<String>of() : values) {
            try {
                parsed.add(GrantAction.of(value));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("actions", "'" + value + "' " + e.getMessage()));
            }
        }
        return parsed;
    }

    static @Nullable Duration duration(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(value.strip());
        } catch (RuntimeException e) {
            errors.add(new FieldError("duration", "'" + value + "' is not a duration like PT1H"));
            return Duration.ZERO;
        }
    }

    static List<String> split(@Nullable String value) {
        return value == null ? List.of() : Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    public @Nullable String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public @Nullable String getServices() { return services; }
    public void setServices(String services) { this.services = services; }
    public List<String> getEnvironments() { return environments; }
    public void setEnvironments(List<String> environments) { this.environments = environments; }
    public List<String> getActions() { return actions; }
    public void setActions(List<String> actions) { this.actions = actions; }
    public String getDuration() { return duration; }
    public void setDuration(String duration) { this.duration = duration; }
    public @Nullable String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
