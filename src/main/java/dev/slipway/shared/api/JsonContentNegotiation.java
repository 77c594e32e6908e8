package dev.slipway.shared.api;

import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * JSON is UTF-8 (RFC 8259 defines no charset parameter for it), so a {@code charset} in an Accept header's JSON
 * type is ignored. Otherwise {@code Accept: application/json;charset=utf-16} would match an endpoint that
 * produces application/json, run it, and only then find no converter that writes that charset: the change made,
 * and the client told it failed.
 */
@Configuration(proxyBeanMethods = false)
class JsonContentNegotiation implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new WithoutJsonCharset(new HeaderContentNegotiationStrategy())));
    }

    static final class WithoutJsonCharset implements ContentNegotiationStrategy {

        private final ContentNegotiationStrategy accept;

        WithoutJsonCharset(ContentNegotiationStrategy accept) {
            this.accept = accept;
        }

        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
            return accept.resolveMediaTypes(request).stream().map(WithoutJsonCharset::withoutCharset).toList();
        }

        private static MediaType withoutCharset(MediaType type) {
            boolean json = "json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix());
            if (!json || !type.getParameters().containsKey("charset")) {
                return type;
            }
            var parameters = new LinkedHashMap<>(type.getParameters());
            parameters.remove("charset");
            return new MediaType(type.getType(), type.getSubtype(), parameters);
        }
    }
}
