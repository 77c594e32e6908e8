package dev.slipway.shared;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses to start while a setting Slipway has renamed is still set, since the old name would be ignored without a
 * word (an administrator password that never applies, a token cache time that silently resets). The renamed settings
 * are the ones the configuration metadata marks deprecated with a replacement.
 */
@Component
@RequiredArgsConstructor
class RenamedSettings implements InitializingBean {

    static final String METADATA = "META-INF/additional-spring-configuration-metadata.json";

    private final ConfigurableEnvironment environment;

    @Override
    public void afterPropertiesSet() throws IOException {
        List<String> stillSet = new ArrayList<>();
        try (InputStream metadata = new ClassPathResource(METADATA).getInputStream()) {
            for (JsonNode property : JsonMapper.shared().readTree(metadata).path("properties")) {
                String replacement = property.path("deprecation").path("replacement").asString("");
                String name = property.path("name").asString("");
                if (!replacement.isEmpty() && isSet(name)) {
                    stillSet.add(name + " is now " + replacement + " (environment variable "
                            + replacement.toUpperCase().replace('.', '_').replace('-', '_') + ")");
                }
            }
        }
        if (!stillSet.isEmpty()) {
            throw new IllegalStateException("Settings Slipway has renamed are still set; rename them and start again: "
                    + String.join("; ", stillSet));
        }
    }

    private boolean isSet(String name) {
        var key = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getConfigurationProperty(key) != null
                    || source.containsDescendantOf(key) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }
}
