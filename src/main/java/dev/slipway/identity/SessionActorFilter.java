package dev.slipway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a portal session's sign-in into this request's {@link Actor}, read afresh from the database.
 * A session whose user was disabled, deleted or changed password since ends here, at once.
 */
@RequiredArgsConstructor
class SessionActorFilter extends OncePerRequestFilter {

    private final ActorLoader actors;
    private final OidcAccounts oidcAccounts;
    private final SignInEvents events;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Optional<Actor> actor = Optional.empty();
        boolean signedIn = false;
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            signedIn = true;
            actor = actors.load(user.userId(), user.sessionEpoch(), null);
        } else if (authentication != null && authentication.getPrincipal() instanceof OidcUser oidcUser) {
            signedIn = true;
            actor = oidcAccounts.actorFor(oidcUser);
        }
        if (signedIn && actor.isEmpty()) {
            events.sessionEnded(Objects.requireNonNull(authentication).getName(), request.getRemoteAddr());
            endSession(request, response);
            return;
        }
        if (actor.isPresent()) {
            // For this request only: the session keeps the sign-in, not the roles read just now.
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new ActorAuthentication(actor.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static void endSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        String login = request.getContextPath() + "/login?ended";
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", login);
            response.setStatus(HttpServletResponse.SC_OK);
        } else {
            response.sendRedirect(login);
        }
    }
}
