package dev.slipway.shared.database;

import dev.slipway.shared.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outermost filter: whatever layer finds the database away (the token check, a controller, a page's layout), the
 * API answers {@code 503} with a problem detail and {@code Retry-After}, the portal a plain page that asks to try
 * again — rendered without the database.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@RequiredArgsConstructor
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Slipway is reconnecting</title>
            <meta http-equiv="refresh" content="%d"></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; color: #111827">
            <h1>Slipway is reconnecting to its database</h1>
            <p>%s</p><p>This page reloads by itself in %d seconds.</p></body></html>""";

    private final JsonMapper json;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!DatabaseUnavailable.causes(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {}: the database is not answering ({})", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            write(request, response);
        }
    }

    void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL);
            problem.setTitle("Database unavailable");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        } else {
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            response.getOutputStream().write(PAGE.formatted(DatabaseUnavailable.RETRY_AFTER_SECONDS,
                    HtmlUtils.htmlEscape(DatabaseUnavailable.DETAIL), DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
