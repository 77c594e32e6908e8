package dev.slipway.access.web;

import dev.slipway.access.NewAccessRequest;
import dev.slipway.shared.FieldError;
import java.util.List;

/** The access request form as the browser posts it. */
class AccessRequestForm extends ScopeForm {

    AccessRequestForm() {
        super("PT1H");
    }

    NewAccessRequest toRequest(List<FieldError> errors) {
        return new NewAccessRequest(actions(errors), getTeam(), serviceList(), getEnvironments(), duration(errors),
                getReason());
    }
}
