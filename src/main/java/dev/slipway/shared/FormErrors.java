package dev.slipway.shared;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.validation.BindingResult;

/** Puts the errors the catalog (or any module) reports beside the portal form fields they concern. */
public final class FormErrors {

    private FormErrors() {
    }

    /**
     * Makes the change a portal form asked for. When it is refused, for the input
     * ({@link InvalidInputException}) or for the state it meets ({@link ConflictException}), the reasons go beside
     * the form's fields and the answer is empty, so the caller shows the form again.
     */
    public static <T> Optional<T> attempt(BindingResult binding, Supplier<T> change) {
        return attempt(binding, change, UnaryOperator.identity());
    }

    /** As {@link #attempt(BindingResult, Supplier)}, with the reported field names first mapped to the form's. */
    public static <T> Optional<T> attempt(BindingResult binding, Supplier<T> change, UnaryOperator<String> formField) {
        try {
            return Optional.of(change.get());
        } catch (InvalidInputException e) {
            reject(binding, e.errors().stream()
                    .map(error -> new FieldError(formField.apply(error.field()), error.message())).toList());
        } catch (ConflictException e) {
            reject(binding, e);
        }
        return Optional.empty();
    }

    public static void reject(BindingResult binding, List<FieldError> errors) {
        for (FieldError error : errors) {
            String field = error.field();
            int bracket = field.indexOf('[');
            String property = bracket < 0 ? field : field.substring(0, bracket);
            String said = Objects.requireNonNullElse(error.message(), "is not valid");
            String message = bracket < 0 ? said : field.substring(bracket) + " " + said;
            if (hasProperty(binding, property)) {
                binding.rejectValue(property, "invalid", message);
            } else {
                binding.reject("invalid", field + " " + message);
            }
        }
    }

    public static void reject(BindingResult binding, ConflictException conflict) {
        if (conflict.errors().isEmpty()) {
            binding.reject("conflict", Objects.requireNonNullElse(conflict.getMessage(), "conflicts with what is saved"));
        } else {
            reject(binding, conflict.errors());
        }
    }

    private static boolean hasProperty(BindingResult binding, String property) {
        try {
            return binding.getFieldType(property) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
