package dev.slipway.shared;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/**
 * Checks a request against its Bean Validation rules and reports every broken rule at once, so the
 * portal and the API refuse the same input with the same messages.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RequestValidator {

    private final Validator validator;

    /** Every rule the request breaks, for callers that check more rules of their own before refusing. */
    public List<FieldError> errors(Object request) {
        return validator.validate(request).stream().map(RequestValidator::toFieldError).toList();
    }

    public void check(Object request) {
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.stream()
                    .map(RequestValidator::toFieldError)
                    .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                    .toList());
        }
    }

    public static void require(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static FieldError toFieldError(ConstraintViolation<?> violation) {
        return new FieldError(violation.getPropertyPath().toString(), violation.getMessage());
    }
}
