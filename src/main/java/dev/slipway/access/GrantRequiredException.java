package dev.slipway.access;

import dev.slipway.shared.ProblemExtensions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;

/**
 * Production refused for want of a grant. Says which grant would be needed and how to ask for it: the
 * API request to send and the portal page that proposes exactly that scope.
 */
public class GrantRequiredException extends AccessDeniedException implements ProblemExtensions {

    private final GrantAction action;
    private final String service;
    private final String environment;

    GrantRequiredException(String message, GrantAction action, String service, String environment) {
        super(message);
        this.action = action;
        this.service = service;
        this.environment = environment;
    }

    /** The portal page that requests the narrowest grant covering the refused action, for one hour. */
    public String requestPage() {
        return "/access/requests/new?service=" + service + "&environment=" + environment + "&action=" + action.id()
                + "&duration=PT1H";
    }

    public String requestLabel() {
        return "Request " + action.id() + " access to " + service + " in " + environment + " for 1 hour";
    }

    @Override
    public Map<String, Object> problemProperties() {
        var body = new LinkedHashMap<String, Object>();
        body.put("actions", List.of(action.id()));
        body.put("services", List.of(service));
        body.put("environments", List.of(environment));
        body.put("duration", "PT1H");
        body.put("reason", "…");
        return Map.of(
                "requiredGrant", Map.of("action", action.id(), "service", service, "environment", environment),
                "requestAccess", Map.of("method", "POST", "href", "/api/v1/access/requests", "body", body,
                        "portal", requestPage()));
    }
}
