package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.UserDirectory;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsEndpointTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void metricsRefuseAnonymousCallers() {
        var answer = new HttpApi(port).get("/actuator/prometheus");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain("jvm_");
    }

    @Test
    void metricsAnswerATokenWithTheMetricsScope() {
        var users = new TestUsers(context, port);
        String token = users.token(users.person("metrics-admin", Role.ADMIN), null, Scope.METRICS_READ);

        var answer = new HttpApi(port).withToken(token).get("/actuator/prometheus");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("jvm_");
    }

    @Test
    void metricsAnswerAServiceAccountTokenAnAdministratorMinted() {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('observers', 'Observers', now(), now()) "
                + "on conflict (slug) do nothing").update();
        context.getBean(AccessPolicy.class).asSystem(() -> {
            context.getBean(UserDirectory.class).createServiceAccount("prometheus", "Prometheus", "observers");
        });
        var users = new TestUsers(context, port);
        users.person("metrics-admin", Role.ADMIN);
        String basic = Base64.getEncoder().encodeToString(("metrics-admin:" + TestUsers.PASSWORD).getBytes());
        var minted = new HttpApi(port).send("POST", "/api/v1/tokens",
                "{\"name\": \"scrape\", \"scopes\": [\"metrics:read\"], \"serviceAccount\": \"prometheus\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Basic " + basic));
        assertThat(minted.status()).isEqualTo(201);

        var answer = new HttpApi(port).withToken(minted.json().get("token").asString()).get("/actuator/prometheus");

        assertThat(answer.status()).isEqualTo(200);
        // Other tests reset the catalog and cannot delete a team a service account belongs to.
        jdbc.sql("delete from app_user where username = 'prometheus'").update();
        new TestCatalog(context).deleteTeams("observers"::equals);
    }

    @Test
    void metricsRefuseATokenWithoutTheMetricsScope() {
        var users = new TestUsers(context, port);
        String token = users.token(users.person("metrics-admin", Role.ADMIN), null, Scope.CATALOG_READ);

        assertThat(new HttpApi(port).withToken(token).get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void metricsRefuseADevelopersTokenEvenWithTheScope() {
        var users = new TestUsers(context, port);
        String token = users.token(users.person("metrics-developer", Role.DEVELOPER), null, Scope.METRICS_READ);

        assertThat(new HttpApi(port).withToken(token).get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void healthStaysOpenForProbes() {
        var api = new HttpApi(port);

        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
