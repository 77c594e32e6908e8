package dev.slipway.shared.database;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches when no external database is configured, so Slipway runs its own embedded PostgreSQL. */
class NoDatasourceConfigured implements Condition {

    static boolean noDatasourceConfigured(Environment environment) {
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return noDatasourceConfigured(context.getEnvironment());
    }
}
