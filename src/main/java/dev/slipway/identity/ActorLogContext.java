package dev.slipway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts who is acting into the logging context for the rest of the request, so every line logged for it names the
 * user (and the API token, when one was sent). It runs after Spring Security's filters have settled the
 * {@link Actor}, and reads only what they left: no query.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class ActorLogContext extends OncePerRequestFilter {

    static final String USER = "user";
    static final String TOKEN = "token";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        @Nullable Actor actor = signedIn();
        if (actor == null) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(USER, actor.username());
        var token = actor.token();
        if (token != null) {
            MDC.put(TOKEN, Long.toString(token.tokenId()));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(USER);
            MDC.remove(TOKEN);
        }
    }

    private static @Nullable Actor signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor actor ? actor : null;
    }
}
