package dev.slipway.shared.api;

import dev.slipway.shared.InvalidInputException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.autoconfigure.web.DataWebProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableHandlerMethodArgumentResolver;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An API list refuses a {@code page} or {@code size} that is not a whole number or lies outside its bounds (400,
 * naming the parameter), then leaves the reading to Spring Data. Spring Data alone would show the first page or clamp
 * the size instead, which the portal keeps for stale or hand-edited links; a script asking for page 0 or a thousand
 * items has a bug it should hear about. Ordered first so that it comes before Spring Data's own resolver.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StrictPageParameters implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    private final ObjectProvider<PageableHandlerMethodArgumentResolver> pageables;
    private final DataWebProperties.Pageable bounds;

    StrictPageParameters(ObjectProvider<PageableHandlerMethodArgumentResolver> pageables,
            DataWebProperties properties) {
        this.pageables = pageables;
        this.bounds = properties.getPageable();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Pageable.class.equals(parameter.getParameterType())
                && AnnotatedElementUtils.hasAnnotation(parameter.getContainingClass(), RestController.class);
    }

    @Override
    public Pageable resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
        check(request, bounds.getPageParameter(), Integer.MAX_VALUE, "must be 1 or more");
        check(request, bounds.getSizeParameter(), bounds.getMaxPageSize(),
                "must be between 1 and " + bounds.getMaxPageSize());
        return pageables.getObject().resolveArgument(parameter, mavContainer, request, binderFactory);
    }

    private static void check(NativeWebRequest request, String name, int max, String bounds) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "'" + value + "' is not a whole number");
        }
        if (number < 1 || number > max) {
            throw new InvalidInputException(name, bounds);
        }
    }
}
