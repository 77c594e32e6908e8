package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.TestIdentity;
import dev.slipway.testsupport.PrometheusScrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Webhook delivery attempts show in the scrape by outcome, so failing receivers can be alerted on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "slipway.notify.poll-interval=1h", "slipway.notify.initial-backoff=0s", "slipway.notify.max-attempts=3",
    "slipway.notify.allowed-hosts=localhost"})
class WebhookMetricsTests {

    private static final String DELIVERIES = "slipway_webhook_deliveries_total";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Webhooks webhooks;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    WebhookOutbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    WebhookReceiver failing;
    WebhookReceiver accepting;

    @BeforeEach
    void noWebhooks() {
        jdbc.sql("delete from webhook_endpoint").update();
        TestIdentity.actAsSystem();
    }

    @AfterEach
    void stopReceivers() {
        TestIdentity.clear();
        List.of(failing, accepting).forEach(WebhookReceiver::close);
    }

    @Test
    void attemptsAreCountedAsDeliveredRetryingOrFailed() {
        failing = WebhookReceiver.answering(500, 500, 500);
        accepting = WebhookReceiver.answering(200);
        List.of(failing, accepting).forEach(receiver -> webhooks.create(new WebhookRequest("metrics " + receiver.url(),
                receiver.url(), WebhookDeliveryTests.SECRET, List.of(WebhookEvent.ACCESS_REQUESTED.id()))));
        var before = PrometheusScrape.of(context, port);
        new TransactionTemplate(transactions).executeWithoutResult(status -> outbox.queue(WebhookDeliveryTests.REQUESTED));

        for (int attempt = 0; attempt < 3; attempt++) {
            dispatcher.deliverDue();
        }

        var after = PrometheusScrape.of(context, port);
        assertThat(after.increaseSince(before, DELIVERIES, Map.of("outcome", "delivered"))).isEqualTo(1);
        assertThat(after.increaseSince(before, DELIVERIES, Map.of("outcome", "retrying"))).isEqualTo(2);
        assertThat(after.increaseSince(before, DELIVERIES, Map.of("outcome", "failed"))).isEqualTo(1);
    }
}
