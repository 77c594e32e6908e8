package dev.slipway.shared;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

/**
 * Where the portal sends the browser after a successful form post: htmx requests are told with
 * {@code HX-Redirect} (a 302 would be followed inside the XHR and swapped into the form), plain
 * posts get an ordinary redirect. Flash attributes survive either way.
 */
public final class PortalRedirect {

    private PortalRedirect() {
    }

    public static String to(HtmxRequest htmx, String path) {
        return (htmx.isHtmxRequest() ? "redirect:htmx:" : "redirect:") + path;
    }
}
