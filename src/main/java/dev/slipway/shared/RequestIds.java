package dev.slipway.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new one), returns
 * it as a response header, and makes it and the caller's address and user agent available to the
 * audit trail. The id is in the logging context ({@value #LOG_KEY}) while the request is handled, so every line
 * logged for it carries it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String LOG_KEY = "requestId";
    private static final String ATTRIBUTE = RequestIds.class.getName();

    /** Where a request came from, as the audit trail records it. */
    public record Origin(@Nullable String requestId, @Nullable String address, @Nullable String userAgent) {
        static final Origin NONE = new Origin(null, null, null);
    }

    /** The origin of the request being handled on this thread, or empty values outside a request. */
    public static Origin current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getAttribute(ATTRIBUTE) instanceof Origin origin) {
            return origin;
        }
        return Origin.NONE;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,64}") ? given : UUID.randomUUID().toString();
        String agent = request.getHeader("User-Agent");
        request.setAttribute(ATTRIBUTE, new Origin(id, request.getRemoteAddr(),
                agent == null ? null : agent.substring(0, Math.min(agent.length(), 300))));
        response.setHeader(HEADER, id);
        MDC.put(LOG_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(LOG_KEY);
        }
    }
}
