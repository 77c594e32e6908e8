package dev.slipway.shared.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads a query or path parameter into any enum the way people write it: in any case, with {@code -}, {@code _} or
 * spaces between words ({@code rolling-out}, {@code Rolling Out}, {@code ROLLING_OUT}); a blank value is no value. An
 * unknown value fails with the accepted ones, which the API's problem detail shows beside the parameter's name.
 */
@Configuration(proxyBeanMethods = false)
class LenientEnumParameters implements WebMvcConfigurer, ConverterFactory<String, Enum<?>> {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(this);
    }

    @Override
    @SuppressWarnings("NullAway") // a blank value converts to null, as Spring's own converters do: no filter
    public <T extends Enum<?>> Converter<String, T> getConverter(Class<T> type) {
        return value -> {
            String wanted = words(value);
            if (wanted.isEmpty()) {
                return null;
            }
            return Arrays.stream(type.getEnumConstants()).filter(constant -> words(constant.name()).equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(
                            type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))));
        };
    }

    private static String words(String value) {
        return value.replaceAll("[-_\\s]", "").toUpperCase(Locale.ROOT);
    }
}
