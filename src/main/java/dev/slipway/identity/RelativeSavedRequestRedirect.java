package dev.slipway.identity;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * After sign-in, returns to the page that asked for it, by path only: the saved URL was built from
 * the request's Host header, which the client chose.
 */
@RequiredArgsConstructor
class RelativeSavedRequestRedirect extends SimpleUrlAuthenticationSuccessHandler {

    private final RequestCache requestCache;

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        var saved = requestCache.getRequest(request, response);
        if (saved == null) {
            super.onAuthenticationSuccess(request, response, authentication);
            return;
        }
        requestCache.removeRequest(request, response);
        clearAuthenticationAttributes(request);
        getRedirectStrategy().sendRedirect(request, response, pathOf(saved.getRedirectUrl(), request.getContextPath()));
    }

    private static String pathOf(String url, String contextPath) {
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            path = path.startsWith(contextPath) ? path.substring(contextPath.length()) : path;
            return (path.isEmpty() ? "/" : path) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
