package dev.slipway.access.web;

import dev.slipway.access.GrantAction;
import dev.slipway.shared.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields a grant form and a request form share (access/scope-fields.html): what is covered and for how long.
 * Services come as a comma-separated list, the duration as ISO-8601.
 */
abstract class ScopeForm {

    private @Nullable String team;
    private @Nullable String services;
    private List<String> environments = new ArrayList<>();
    private List<String> actions = new ArrayList<>();
    private @Nullable String duration;
    private @Nullable String reason;

    ScopeForm(String duration) {
        this.duration = duration;
    }

    List<GrantAction> actions(List<FieldError> errors) {
        var parsed = new ArrayList<GrantAction>();
        for (String value : actions == null ? List.<String>of() : actions) {
            try {
                parsed.add(GrantAction.of(value));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("actions", "'" + value + "' " + e.getMessage()));
            }
        }
        return parsed;
    }

    @Nullable Duration duration(List<FieldError> errors) {
        if (duration == null || duration.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(duration.strip());
        } catch (RuntimeException e) {
            errors.add(new FieldError("duration", "'" + duration + "' is not a duration like PT1H"));
            return Duration.ZERO;
        }
    }

    List<String> serviceList() {
        return services == null ? List.of()
                : Arrays.stream(services.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    public @Nullable String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public @Nullable String getServices() { return services; }
    public void setServices(String services) { this.services = services; }
    public List<String> getEnvironments() { return environments; }
    public void setEnvironments(List<String> environments) { this.environments = environments; }
    public List<String> getActions() { return actions; }
    public void setActions(List<String> actions) { this.actions = actions; }
    public @Nullable String getDuration() { return duration; }
    public void setDuration(String duration) { this.duration = duration; }
    public @Nullable String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
