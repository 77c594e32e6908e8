package dev.slipway.shared;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import org.springframework.web.servlet.view.UrlBasedViewResolver;

/**
 * The answer to a portal form that htmx posted (an {@code @HxRequest} handler), made from the answer to the same
 * form posted plainly. A redirect is told with {@code HX-Redirect} ({@code redirect:htmx:}, the library's
 * {@code HtmxRedirectView}): a 302 would be followed inside the XHR and its page swapped into the form. A form sent
 * back with its errors is only the form's fragment of the page. Flash attributes survive either way.
 */
public final class HtmxForm {

    private HtmxForm() {
    }

    public static String answer(String plainAnswer, String formFragment) {
        if (plainAnswer.startsWith(UrlBasedViewResolver.REDIRECT_URL_PREFIX)) {
            return HtmxViewResolver.REDIRECT_URL_PREFIX
                    + plainAnswer.substring(UrlBasedViewResolver.REDIRECT_URL_PREFIX.length());
        }
        return plainAnswer + " :: " + formFragment;
    }
}
