package dev.slipway.access.web;

import dev.slipway.access.NewAccessRequest;
import dev.slipway.shared.FieldError;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;

/** The access request form as the browser posts it. */
class AccessRequestForm extends ScopeForm {

    AccessRequestForm() {
        super("PT1H");
    }

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    NewAccessRequest toRequest(List<FieldError> errors) {
        return new NewAccessRequest(actions(errors), getTeam(), serviceList(), getEnvironments(), duration(errors),
                getReason());
    }
}
