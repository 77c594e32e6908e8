package dev.slipway.shared.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A Content-Type with a wildcard ({@code *}{@code /*}, {@code application/*}) names no media type. Spring will not
 * take one in when it reads a request body and fails with an IllegalArgumentException, so an operation whose body
 * is optional, sent without one, answered 500. Such a request is refused with a 415 before its handler runs.
 */
@Configuration(proxyBeanMethods = false)
class WildcardContentTypes implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Refusal()).addPathPatterns("/api/**");
    }

    static final class Refusal implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws HttpMediaTypeNotSupportedException {
            String header = request.getContentType();
            if (header == null || header.isBlank()) {
                return true;
            }
            MediaType type;
            try {
                type = MediaType.parseMediaType(header);
            } catch (InvalidMediaTypeException e) {
                return true; // Spring refuses what it cannot parse itself
            }
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                throw new HttpMediaTypeNotSupportedException(type, List.of());
            }
            return true;
        }
    }
}
