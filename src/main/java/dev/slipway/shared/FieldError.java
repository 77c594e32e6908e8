package dev.slipway.shared;

import org.jspecify.annotations.Nullable;

/** One problem with one field of a request, as shown in API problem details and beside portal form fields. */
public record FieldError(String field, @Nullable String message) {
}
