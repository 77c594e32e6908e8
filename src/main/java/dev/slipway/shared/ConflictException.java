package dev.slipway.shared;

import java.util.List;

/**
 * The request clashes with what exists: a duplicate, or a change that would break something that
 * depends on it. Nothing was changed. {@link #errors()} names the fields involved, if any.
 */
public class ConflictException extends RuntimeException {

    private final List<FieldError> errors;

    public ConflictException(String message) {
        this(message, List.of());
    }

    public ConflictException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static ConflictException duplicate(String field, String message) {
        return new ConflictException(message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
