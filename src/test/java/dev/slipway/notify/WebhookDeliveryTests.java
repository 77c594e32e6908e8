package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.deploy.DeploymentFacts;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.identity.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

// The scheduled dispatcher stays quiet (hourly); the tests deliver by calling it, with no pause between retries.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "slipway.notify.poll-interval=1h", "slipway.notify.initial-backoff=0s", "slipway.notify.max-attempts=3",
    "slipway.notify.allowed-hosts=localhost"})
class WebhookDeliveryTests {

    static final String SECRET = "a-secret-the-receiver-knows";
    static final Notification REQUESTED = new Notification(WebhookEvent.ACCESS_REQUESTED,
            "dana requests production access to checkout-api", Map.of("service", "checkout-api", "requestedBy", "dana"));

    @Autowired
    Webhooks webhooks;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    WebhookOutbox outbox;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    WebhookReceiver receiver;

    @BeforeEach
    void noWebhooks() {
        jdbc.sql("delete from webhook_endpoint").update();
        TestIdentity.actAsSystem();
    }

    @AfterEach
    void stopReceiver() {
        TestIdentity.clear();
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aFailedDeliveryIsRetriedUntilTheEndpointAccepts() {
        receiver = WebhookReceiver.answering(500, 200);
        long endpoint = endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();
        assertThat(delivery(endpoint, "state")).isEqualTo("PENDING");
        dispatcher.deliverDue();

        assertThat(delivery(endpoint, "state")).isEqualTo("DELIVERED");
        assertThat(delivery(endpoint, "attempts")).isEqualTo("2");
        assertThat(jdbc.sql("""
                select a.status_code from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                where d.endpoint_id = ? order by a.id""").param(endpoint).query(Integer.class).list())
                .containsExactly(500, 200);
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
    }

    @Test
    void theSignatureIsTheHmacOfTheReceivedBodyWithTheSecret() throws Exception {
        receiver = WebhookReceiver.answering(204);
        endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();

        var request = receiver.received().get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(request.header("X-Slipway-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body())));
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Slipway-Event")).isEqualTo("access-request.create");
        assertThat(request.header("X-Slipway-Delivery")).matches("\\d+");
    }

    @Test
    void thePayloadCarriesTheEventAndASlackCompatibleText() {
        receiver = WebhookReceiver.answering(200);
        endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();

        JsonNode payload = json.readTree(receiver.received().get(0).body());
        assertThat(payload.get("event").asString()).isEqualTo("access-request.create");
        assertThat(payload.get("text").asString()).isEqualTo("dana requests production access to checkout-api");
        assertThat(payload.get("details").get("service").asString()).isEqualTo("checkout-api");
        assertThat(payload.get("id").asString()).isNotBlank();
        assertThat(payload.get("occurredAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void aNoticeOfARolledBackChangeLeavesNoDelivery() {
        long endpoint = endpoint("http://localhost:1/hook", WebhookEvent.DEPLOYMENT_STARTED);
        var deployment = new DeploymentFacts(1, "checkout-api", "payments", "prod-eu", "Production EU", true, "1.4.2",
                "dana", null);

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            events.publishEvent(new DeploymentStarted(deployment, "sandbox", "payments-prod-eu", 1));
            assertThat(deliveries(endpoint)).isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(deliveries(endpoint)).isZero();
    }

    @Test
    void anEndpointNotSubscribedToTheEventGetsNoDelivery() {
        long subscribed = endpoint("http://localhost:1/a", WebhookEvent.ACCESS_REQUESTED);
        long other = endpoint("http://localhost:1/b", WebhookEvent.DEPLOYMENT_FAILED, WebhookEvent.ACCESS_GRANTED);

        queueCommitted(REQUESTED);

        assertThat(deliveries(subscribed)).isEqualTo(1);
        assertThat(deliveries(other)).isZero();
    }

    @Test
    void aDisabledEndpointGetsNoDelivery() {
        long endpoint = endpoint("http://localhost:1/hook", WebhookEvent.ACCESS_REQUESTED);
        webhooks.setEnabled(endpoint, false);

        queueCommitted(REQUESTED);

        assertThat(deliveries(endpoint)).isZero();
    }

    @Test
    void aDeliveryFailsAfterItsLastAttempt() {
        receiver = WebhookReceiver.answering(503);
        long endpoint = endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        for (int i = 0; i < 4; i++) {
            dispatcher.deliverDue();
        }

        assertThat(delivery(endpoint, "state")).isEqualTo("FAILED");
        assertThat(delivery(endpoint, "attempts")).isEqualTo("3");
        assertThat(delivery(endpoint, "last_status")).isEqualTo("503");
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void anUnreachableEndpointsAttemptRecordsTheError() {
        long endpoint = endpoint("http://localhost:1/hook", WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();

        assertThat(delivery(endpoint, "state")).isEqualTo("PENDING");
        assertThat(delivery(endpoint, "last_status")).isNull();
        assertThat(delivery(endpoint, "last_error")).contains("ConnectException");
    }

    @Test
    void aDeliveryLeftByAStoppedDispatcherIsSentAgainOnceItsLeaseRunsOut() {
        receiver = WebhookReceiver.answering(200);
        long endpoint = endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);
        jdbc.sql("update webhook_delivery set lease_until = now() + interval '1 hour' where endpoint_id = ?")
                .param(endpoint).update();

        dispatcher.deliverDue();
        assertThat(receiver.received()).isEmpty();

        jdbc.sql("update webhook_delivery set lease_until = now() - interval '1 second' where endpoint_id = ?")
                .param(endpoint).update();
        dispatcher.deliverDue();

        assertThat(receiver.received()).hasSize(1);
        assertThat(delivery(endpoint, "state")).isEqualTo("DELIVERED");
    }

    @Test
    void theScheduledPollDeliversOnItsOwnThread() {
        receiver = WebhookReceiver.answering(200);
        long endpoint = endpoint(receiver.url(), WebhookEvent.ACCESS_REQUESTED);
        queueCommitted(REQUESTED);

        dispatcher.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(endpoint, "state").equals("DELIVERED"));
        assertThat(receiver.received()).hasSize(1);
    }

    private long endpoint(String url, WebhookEvent... types) {
        return webhooks.create(new WebhookRequest("test " + url, url, SECRET,
                Arrays.stream(types).map(WebhookEvent::id).toList())).webhook().id();
    }

    private void queueCommitted(Notification notice) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> outbox.queue(notice));
    }

    private long deliveries(long endpoint) {
        return jdbc.sql("select count(*) from webhook_delivery where endpoint_id = ?").param(endpoint)
                .query(Long.class).single();
    }

    private String delivery(long endpoint, String column) {
        List<String> values = jdbc.sql("select " + column + "::text from webhook_delivery where endpoint_id = ?")
                .param(endpoint).query((rs, i) -> rs.getString(1)).list();
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
