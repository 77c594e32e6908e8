package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With the one switch for JSON logs on, a request's lines are JSON objects carrying its request id and its user. A
 * cost import logs a line on the request's thread, so it serves as the example.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void aRequestsLinesAreJsonWithItsRequestIdAndUser(CapturedOutput output) {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        var users = new TestUsers(context, port);
        users.person("finn-logs", Role.FINANCE);
        var finance = new HttpApi(port).withToken(users.token("finn-logs", null, Scope.COSTS_WRITE));

        var imported = finance.send("POST", "/api/v1/cost-imports", FocusSample.file()
                .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\"}").csv(),
                Map.of("Content-Type", "text/csv", "X-Request-Id", "logs-test-42"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        var json = JsonMapper.builder().build();
        List<JsonNode> lines = output.getOut().lines().filter(line -> line.startsWith("{"))
                .map(json::readTree).filter(line -> line.path("message").asString("").startsWith("Cost import "))
                .toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.get("requestId").asString()).isEqualTo("logs-test-42");
            assertThat(line.get("user").asString()).isEqualTo("finn-logs");
            assertThat(line.has("token")).isTrue();
            assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
            assertThat(line.get("traceId").asString()).isNotBlank();
        });
    }
}
