package dev.slipway.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Slipway with no administrator gets one: {@code admin}, with the password from
 * SLIPWAY_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD or a random one printed to the log this once.
 */
@Component
@Order(1)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final @Nullable String configuredPassword;

    AdminBootstrap(UserAccountRepository users, PasswordEncoder passwordEncoder, Clock clock, JdbcClient jdbc,
            IdentityProperties properties) {
        this.users = users;
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.configuredPassword = properties.bootstrapAdminPassword();
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        // Replicas starting together on a new database take turns, so only the first creates the administrator.
        jdbc.sql("select pg_advisory_xact_lock(hashtext('slipway.admin-bootstrap'))").query(Object.class).single();
        if (users.anyEnabledAdmin() || users.existsByUsername("admin")) {
            return;
        }
        String configured = configuredPassword;
        boolean generated = configured == null || configured.isBlank();
        String password = configured == null || configured.isBlank() ? randomPassword() : configured;
        var admin = UserAccount.person("admin", "Administrator", null, clock.instant());
        admin.setPasswordHash(passwordEncoder.encode(password), clock.instant());
        admin.changeRoles(EnumSet.of(Role.ADMIN), clock.instant());
        users.saveAndFlush(admin);
        if (generated) {
            log.warn("Created the administrator 'admin' with the password {} (shown this once: sign in and change it, "
                    + "or set SLIPWAY_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD before the first start)", password);
        } else {
            log.info("Created the administrator 'admin' with the password from "
                    + "SLIPWAY_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
