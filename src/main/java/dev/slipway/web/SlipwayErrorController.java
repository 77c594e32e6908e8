package dev.slipway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that happen outside any controller (no such page, wrong method, a failure in a filter):
 * the API answers with a problem detail, the portal with an error page in its own layout.
 */
@Controller
@RequiredArgsConstructor
class SlipwayErrorController implements ErrorController {

    private final JsonMapper json;

    @RequestMapping("/error")
    @Nullable ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null && path.startsWith("/api/")) {
            writeProblem(response, status, path);
            return null;
        }
        response.setStatus(status.value());
        return new ModelAndView("error/page", Map.of(
                "status", status.value(),
                "title", title(status),
                "message", message(status)), status);
    }

    // Written by hand rather than through content negotiation: the client's Accept header may be the
    // very thing that failed (406), and a problem detail must still reach it.
    private void writeProblem(HttpServletResponse response, HttpStatus status, String path) throws IOException {
        var problem = ProblemDetail.forStatusAndDetail(status, apiDetail(status));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(path));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String apiDetail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "There is no such API endpoint. See /v3/api-docs for the ones there are.";
            case METHOD_NOT_ALLOWED -> "This endpoint does not accept that HTTP method. See /v3/api-docs.";
            case NOT_ACCEPTABLE -> "This endpoint answers with application/json; ask for that in the Accept header.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json.";
            case UNAUTHORIZED -> "Sign in, or send a valid API token as 'Authorization: Bearer slw_…'.";
            case FORBIDDEN -> "You are not allowed to do this.";
            default -> status.is5xxServerError()
                    ? "Slipway failed to handle this request. Try again, and tell your administrator if it keeps failing."
                    : "The request could not be handled.";
        };
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Page not found";
            case FORBIDDEN -> "Not allowed";
            case UNAUTHORIZED -> "Sign in needed";
            default -> status.is5xxServerError() ? "Something went wrong" : status.getReasonPhrase();
        };
    }

    private static String message(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "The page you asked for does not exist, or it was deleted. Check the address, or start again from the dashboard.";
            case FORBIDDEN -> "You do not have the rights to see or do this. Ask a maintainer of the team, or an administrator, for access.";
            default -> status.is5xxServerError()
                    ? "Slipway could not finish this request. Nothing you saved is lost. Try again in a moment; if it keeps happening, tell your administrator."
                    : "The request could not be handled. Go back and try again.";
        };
    }
}
