package dev.slipway.shared;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.view.UrlBasedViewResolver;

/**
 * The answer to a portal form that htmx posted (a handler marked {@link HtmxForm}), made from the answer to the same
 * form posted plainly. A redirect is told with {@code HX-Redirect} ({@code redirect:htmx:}, the library's
 * {@code HtmxRedirectView}): a 302 would be followed inside the XHR and its page swapped into the form. A form sent
 * back with its errors is only the form's fragment of the page. Flash attributes survive either way.
 */
@Configuration(proxyBeanMethods = false)
class HtmxFormAnswers implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Answer()).excludePathPatterns("/api/**");
    }

    static String answer(String plainAnswer, String formFragment) {
        if (plainAnswer.startsWith(UrlBasedViewResolver.REDIRECT_URL_PREFIX)) {
            return HtmxViewResolver.REDIRECT_URL_PREFIX
                    + plainAnswer.substring(UrlBasedViewResolver.REDIRECT_URL_PREFIX.length());
        }
        return plainAnswer + " :: " + formFragment;
    }

    static final class Answer implements HandlerInterceptor {

        @Override
        public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                @Nullable ModelAndView answer) {
            if (answer == null || answer.getViewName() == null || !(handler instanceof HandlerMethod method)
                    || !sentByHtmx(request)) {
                return;
            }
            HtmxForm form = method.getMethodAnnotation(HtmxForm.class);
            if (form != null) {
                answer.setViewName(answer(answer.getViewName(), form.value()));
            }
        }

        /** The header's presence, as the library's {@code @HxRequest} condition reads it; no controller asks this. */
        private static boolean sentByHtmx(HttpServletRequest request) {
            return request.getHeader(HtmxRequestHeader.HX_REQUEST.getValue()) != null;
        }
    }
}
