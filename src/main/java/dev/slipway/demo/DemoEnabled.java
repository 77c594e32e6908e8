package dev.slipway.demo;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * {@code slipway.demo.enabled} when set; otherwise on exactly when Slipway runs its embedded
 * database, so a first start shows a populated portal and a real installation starts empty.
 */
class DemoEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var environment = context.getEnvironment();
        String explicit = environment.getProperty("slipway.demo.enabled");
        if (StringUtils.hasText(explicit)) {
            return Boolean.parseBoolean(explicit.strip());
        }
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }
}
