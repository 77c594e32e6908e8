package dev.slipway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API calls: a bearer token everywhere, and HTTP Basic with a person's password on
 * {@code POST /api/v1/tokens} only, so that a script can mint its first token.
 */
@RequiredArgsConstructor
class ApiAuthenticationFilter extends OncePerRequestFilter {

    static final String TOKEN_ENDPOINT = "/api/v1/tokens";

    private final ApiTokens tokens;
    private final AuthenticationManager passwords;
    private final ActorLoader actors;
    private final ApiProblems problems;
    private final SignInEvents events;
    private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String secret = header.substring(7).strip();
            var actor = tokens.authenticate(secret, request.getRemoteAddr());
            if (actor.isEmpty()) {
                String reason = tokens.whyRefused(secret);
                events.tokenRefused(request.getRemoteAddr(), reason);
                problems.unauthorized(request, response, "The API token was refused: " + reason
                        + ". Create a new token and send it as 'Authorization: Bearer slw_…'.", reason);
                return;
            }
            signIn(actor.get());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (!("POST".equals(request.getMethod()) && TOKEN_ENDPOINT.equals(request.getRequestURI()))) {
                problems.unauthorized(request, response, "HTTP Basic is accepted only by POST " + TOKEN_ENDPOINT
                        + " to mint a token; send 'Authorization: Bearer slw_…' here.", null);
                return;
            }
            if (!basic(request, response, header.substring(6).strip())) {
                return;
            }
        } else {
            problems.unauthorized(request, response, "Send 'Authorization: Bearer slw_…'.", "unsupported scheme");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private boolean basic(HttpServletRequest request, HttpServletResponse response, String encoded) throws IOException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            problems.unauthorized(request, response, "The Basic credentials are not valid base64.", null);
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            problems.unauthorized(request, response, "The Basic credentials need the form username:password.", null);
            return false;
        }
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon),
                decoded.substring(colon + 1));
        attempt.setDetails(details.buildDetails(request));
        try {
            var signedIn = (SignedInUser) Objects.requireNonNull(passwords.authenticate(attempt).getPrincipal());
            var actor = actors.load(signedIn.userId(), null, null);
            if (actor.isEmpty()) {
                problems.unauthorized(request, response, "This account is disabled.", null);
                return false;
            }
            signIn(actor.get());
            return true;
        } catch (LoginThrottledException e) {
            problems.unauthorized(request, response, "Too many failed sign-ins; try again after " + e.until() + ".", null);
            return false;
        } catch (AuthenticationException e) {
            problems.unauthorized(request, response, "Wrong username or password.", null);
            return false;
        }
    }

    private static void signIn(Actor actor) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ActorAuthentication(actor));
        SecurityContextHolder.setContext(context);
    }
}
