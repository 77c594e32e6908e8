package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.HttpApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With a management port, as the Helm chart configures it, the actuator moves there and keeps its rules. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void metricsOnTheManagementPortStillNeedAToken() {
        assertThat(new HttpApi(managementPort).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(new HttpApi(port).get("/actuator/prometheus").status()).isIn(401, 404);
    }

    @Test
    void healthOnTheManagementPortStaysOpen() {
        assertThat(new HttpApi(managementPort).get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
