package dev.slipway.catalog.api;

import dev.slipway.catalog.Lifecycle;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Lets query parameters name a lifecycle the way the API writes it (lowercase), in any case. */
@Component
class LifecycleParameterConverter implements Converter<String, Lifecycle> {

    @Override
    public Lifecycle convert(String source) {
        return Lifecycle.of(source);
    }
}
