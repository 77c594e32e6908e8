package dev.slipway.shared;

import java.util.List;
import org.springframework.validation.BindingResult;

/** Puts the errors the catalog (or any module) reports beside the portal form fields they concern. */
public final class FormErrors {

    private FormErrors() {
    }

    public static void reject(BindingResult binding, List<FieldError> errors) {
        for (FieldError error : errors) {
            String field = error.field();
            int bracket = field.indexOf('[');
            String property = bracket < 0 ? field : field.substring(0, bracket);
            String message = bracket < 0 ? error.message() : field.substring(bracket) + " " + error.message();
            if (hasProperty(binding, property)) {
                binding.rejectValue(property, "invalid", message);
            } else {
                binding.reject("invalid", field + " " + message);
            }
        }
    }

    public static void reject(BindingResult binding, ConflictException conflict) {
        if (conflict.errors().isEmpty()) {
            binding.reject("conflict", conflict.getMessage());
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
