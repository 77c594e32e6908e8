package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class RenamedSettingsTests {

    @Test
    void anOldNameSetAsAnEnvironmentVariableStopsTheStartAndNamesTheNewOne() {
        var environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SLIPWAY_BOOTSTRAP_ADMIN_PASSWORD", "secret-1234")));

        assertThatThrownBy(() -> new RenamedSettings(environment).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slipway.bootstrap-admin-password is now slipway.identity.bootstrap-admin-password")
                .hasMessageContaining("SLIPWAY_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD");
    }

    @Test
    void anOldMapSettingIsFoundByItsEntries() {
        var environment = new MockEnvironment().withProperty("slipway.oidc.role-mapping.platform-admins", "ADMIN");

        assertThatThrownBy(() -> new RenamedSettings(environment).afterPropertiesSet())
                .hasMessageContaining("slipway.oidc.role-mapping is now slipway.identity.oidc.role-mapping");
    }

    @Test
    void theNewNamesStartAsUsual() {
        var environment = new MockEnvironment().withProperty("slipway.identity.bootstrap-admin-password", "secret-1234")
                .withProperty("slipway.identity.tokens.cache-time", "5s");

        assertThatCode(() -> new RenamedSettings(environment).afterPropertiesSet()).doesNotThrowAnyException();
    }
}
