package dev.slipway.shared.api;

import dev.slipway.shared.BearerChallenge;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.DatabaseUnavailable;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.ProblemExtensions;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error of an API controller into an RFC 9457 problem detail. Rule violations carry an
 * {@code errors} list of {@code {field, message}}; nothing a client sends yields a 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> invalidInput(InvalidInputException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(e.errors()), e.errors());
    }

    @ExceptionHandler
    ResponseEntity<Object> conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), e.errors());
    }

    @ExceptionHandler
    ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Changed meanwhile",
                "Someone else changed this record at the same time. Read it again and repeat your change.", List.of());
    }

    @ExceptionHandler
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        // A NUL in what the client sent, which PostgreSQL text (22021) and jsonb (22P05) cannot hold: not a clash.
        if (e.getMostSpecificCause() instanceof SQLException sql
                && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                    "The request contains a NUL character (\\u0000), which Slipway can neither store nor search for. "
                            + "Nothing was changed.", List.of());
        }
        log.info("Refused a write that broke a database constraint: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict",
                "The change clashes with existing data (a duplicate, or something still in use). Nothing was changed.",
                List.of());
    }

    @ExceptionHandler
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        IllegalArgumentException invalid = find(e, IllegalArgumentException.class);
        String message = invalid instanceof NumberFormatException ? "is not a whole number"
                : invalid != null && invalid.getMessage() != null ? invalid.getMessage()
                : "is not a valid value";
        var error = new FieldError(e.getName(), "'" + e.getValue() + "' " + message);
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(List.of(error)), List.of(error));
    }

    @ExceptionHandler
    ResponseEntity<Object> forbidden(AccessDeniedException e) {
        var response = problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), List.of());
        if (e instanceof ProblemExtensions extensions && response.getBody() instanceof ProblemDetail detail) {
            extensions.problemProperties().forEach(detail::setProperty);
        }
        // RFC 6750: insufficient_scope, naming the scope, only when a token's scope is what is missing; a
        // refusal for a role, a team or a production grant is not cured by another scope.
        return BearerChallenge.forRefusal(e)
                .<ResponseEntity<Object>>map(challenge -> ResponseEntity.status(HttpStatus.FORBIDDEN)
                        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody()))
                .orElse(response);
    }

    @ExceptionHandler
    ResponseEntity<Object> unauthenticated(AuthenticationException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.REALM)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Send an API token as 'Authorization: Bearer slw_…'.",
                        List.of()).getBody());
    }

    /**
     * Spring Security's firewall checks a header when a controller reads it, so a header value with control or
     * non-ASCII characters (e.g. bytes 0x80–0x9F in an Idempotency-Key) surfaces here rather than in a filter.
     */
    @ExceptionHandler
    ResponseEntity<Object> rejected(RequestRejectedException e, HttpServletRequest request) {
        List<FieldError> errors = unprintableHeader(request)
                .map(name -> List.of(new FieldError(name, "must be printable ASCII characters only")))
                .orElse(List.of());
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                errors.isEmpty() ? "The request was refused as malformed." : describe(errors), errors);
    }

    private static Optional<String> unprintableHeader(HttpServletRequest request) {
        ServletRequest raw = request;
        while (raw instanceof ServletRequestWrapper wrapper) {
            raw = wrapper.getRequest();
        }
        HttpServletRequest http = (HttpServletRequest) raw;
        for (String name : Collections.list(http.getHeaderNames())) {
            for (String value : Collections.list(http.getHeaders(name))) {
                if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e))) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Tomcat reads the query string (and a form body) when a parameter is first asked for, and refuses one with a
     * malformed percent-encoding, bytes that are not UTF-8, or a parameter without a name; its error code says
     * which status (400, or 413 for too many parameters).
     */
    @ExceptionHandler
    ResponseEntity<Object> unreadableParameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        return problem(status, "Malformed query string", status == HttpStatus.PAYLOAD_TOO_LARGE
                ? "The request has too many parameters or parts."
                : "The query string could not be read: percent-encode it as UTF-8 (no '%' without two hex digits "
                        + "after it) and give every parameter a name.", List.of());
    }

    /** A multipart body Slipway could not take apart: no boundary, no closing boundary, a part without headers. */
    @ExceptionHandler
    ResponseEntity<Object> unreadableMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "The multipart/form-data body could not be read: check its boundary, that each part has its headers "
                        + "and that the body ends with the closing boundary.", List.of());
    }

    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e) {
        if (DatabaseUnavailable.causes(e)) {
            log.warn("The database is not answering: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseUnavailable.DETAIL,
                            List.of()).getBody());
        }
        log.error("Unexpected error in an API call", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Slipway failed to handle this request. Nothing was changed; try again, and tell your administrator "
                        + "if it keeps failing.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = List.of();
        String detail;
        DatabindException databind = find(e, DatabindException.class);
        JacksonException syntax = find(e, JacksonException.class);
        if (databind instanceof UnrecognizedPropertyException unknown) {
            errors = List.of(new FieldError(unknown.getPropertyName(), "is not a known field"));
            detail = describe(errors);
        } else if (databind != null && !fieldPath(databind).isEmpty()) {
            errors = List.of(new FieldError(fieldPath(databind), reason(databind)));
            detail = describe(errors);
        } else if (databind != null) {
            detail = "The request body must be a JSON object.";
        } else if (syntax != null && syntax.getLocation() != null) {
            detail = "The request body is not valid JSON (line " + syntax.getLocation().getLineNr() + ", column "
                    + syntax.getLocation().getColumnNr() + ").";
        } else {
            detail = "The request needs a JSON body.";
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail, errors);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage())).toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(Objects.requireNonNull(result.getMethodParameter().getParameterName()),
                                error.getDefaultMessage())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = List.of(new FieldError(e.getParameterName(), "is required"));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    /**
     * The problem details Spring builds for its own exceptions (404 of a missing record, 405, 415, …) carry their
     * media type, so that no Accept header — {@code garbage}, {@code image/png} — stands between a client and the
     * reason for its refusal.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail && headers.getContentType() == null) {
            var withType = new HttpHeaders(headers);
            withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.createResponseEntity(body, withType, status, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String reason(DatabindException e) {
        IllegalArgumentException invalid = find(e, IllegalArgumentException.class);
        if (invalid != null && invalid.getMessage() != null && !(invalid instanceof NumberFormatException)) {
            return invalid.getMessage();
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
            return "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + article(typeName(mismatch.getTargetType()));
        }
        return "has the wrong type";
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Instant.class) {
            return "timestamp as an ISO-8601 string, e.g. \"2026-05-01T08:00:00Z\"";
        }
        if (type == Duration.class) {
            return "duration as an ISO-8601 string, e.g. \"PT1H\"";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "object";
        }
        return type.isEnum() ? "allowed value" : type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** The outermost exception of the given type in the cause chain, or null. */
    private static <T extends Throwable> @Nullable T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String fieldPath(DatabindException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String describe(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return "The request is not valid.";
        }
        var text = new StringBuilder();
        for (FieldError error : errors) {
            text.append(text.isEmpty() ? "" : "; ").append(error.field()).append(' ').append(error.message());
        }
        return text.append('.').toString();
    }

    static ResponseEntity<Object> problem(HttpStatus status, String title, @Nullable String detail, List<FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
