package dev.slipway.identity;

import dev.slipway.shared.BearerChallenge;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 answers of the API, as problem details with the WWW-Authenticate header RFC 6750 asks for. */
@Component
@RequiredArgsConstructor
class ApiProblems {

    private final JsonMapper json;

    AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> unauthorized(request, response,
                "Send an API token as 'Authorization: Bearer slw_…'. Create one in the portal under Account → API "
                        + "tokens, or with POST /api/v1/tokens and your username and password (HTTP Basic).", null);
    }

    /** Says insufficient_scope only when a scope is what the token lacks; see {@link BearerChallenge#forRefusal}. */
    AccessDeniedHandler accessDeniedHandler() {
        return (request, response, e) -> write(request, response, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(),
                BearerChallenge.forRefusal(e).orElse(null));
    }

    void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail, @Nullable String tokenError)
            throws IOException {
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail,
                tokenError == null ? BearerChallenge.REALM : BearerChallenge.invalidToken(tokenError));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            @Nullable String detail, @Nullable String challenge) throws IOException {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
