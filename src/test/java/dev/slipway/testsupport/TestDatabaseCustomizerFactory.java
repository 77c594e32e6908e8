package dev.slipway.testsupport;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at a fresh database on the shared test PostgreSQL, so no test
 * runs on anything but real PostgreSQL and none needs to say so.
 */
public class TestDatabaseCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new TestDatabaseCustomizer();
    }

    private static final class TestDatabaseCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context,
                MergedContextConfiguration mergedConfig) {
            TestPostgres.Database database = TestPostgres.newDatabase();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("slipway-test-database",
                    Map.of("spring.datasource.url", database.url(),
                            "spring.datasource.username", database.username(),
                            "spring.datasource.password", database.password(),
                            // The sandbox cluster rolls out quickly in tests, so deploy scenarios take seconds.
                            "slipway.deploy.sandbox.rollout-time", "800ms",
                            // Each test context gets a sandbox cluster of its own, in memory, that no run inherits.
                            "slipway.deploy.sandbox.state-dir", "",
                            // Tests run the drift check themselves, when they need it.
                            "slipway.deploy.drift-interval", "PT24H")));
        }

        // All contexts share this customizer, so it does not split Spring's context cache.
        @Override
        public boolean equals(Object other) {
            return other instanceof TestDatabaseCustomizer;
        }

        @Override
        public int hashCode() {
            return TestDatabaseCustomizer.class.hashCode();
        }
    }
}
