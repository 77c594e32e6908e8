package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

// The same context as WebhookDeliveryTests: only the name localhost is allowed, so 127.0.0.1 itself is not.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "slipway.notify.poll-interval=1h", "slipway.notify.initial-backoff=0s", "slipway.notify.max-attempts=3",
    "slipway.notify.allowed-hosts=localhost"})
class WebhookDestinationTests {

    static final Notification REQUESTED = new Notification(WebhookEvent.ACCESS_REQUESTED, "dana requests production access",
            Map.of("requestedBy", "dana"));

    @Autowired
    Webhooks webhooks;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    DeliveryQueue queue;

    @Autowired
    NotifyProperties properties;

    @Autowired
    WebhookOutbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

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
    void aUrlAimedAtAnInternalAddressIsRefusedOnTheUrlFieldAndNothingIsSaved() {
        List<String> internal = List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/actuator",
                "http://[::1]:5432", "http://0.0.0.0:22", "http://[::]/", "http://10.1.2.3/hook", "http://172.16.0.1/",
                "http://192.168.1.1/", "http://[fe80::1]/", "http://[fd12:3456::1]/", "http://224.0.0.1/",
                "http://[ff02::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[::127.0.0.1]/",
                "http://2130706433/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://127.1/", "http://0x7f000001/",
                "http://127.0.0.1./", "https://100.64.0.1/", "http://240.0.0.1/");
        var softly = new SoftAssertions();
        for (String url : internal) {
            FieldError error = refusal(url);
            softly.assertThat(error).as(url).isNotNull();
            if (error != null) {
                softly.assertThat(error.field()).as(url).isEqualTo("url");
                // java.net.URI finds no host in some spellings (127.1, 0x7f.0.0.1): those fail as malformed instead.
                softly.assertThat(error.message()).as(url).containsAnyOf("slipway.notify.allowed-hosts",
                        "must be an absolute http:// or https:// URL");
            }
        }
        softly.assertAll();
        assertThat(refusal("http://2130706433/").message()).contains("points at 127.0.0.1, a loopback address");
        assertThat(webhookCount()).isZero();
    }

    @Test
    void aUrlWithUserInfoIsRefusedEvenForAnAllowedHost() {
        FieldError error = refusal("http://localhost@evil.example/hook");
        FieldError allowedHost = refusal("http://user:pass@localhost:9/hook");

        assertThat(error).isNotNull();
        assertThat(error.field()).isEqualTo("url");
        assertThat(error.message()).contains("user@host", "give the host alone");
        assertThat(allowedHost).isNotNull();
        assertThat(webhookCount()).isZero();
    }

    @Test
    void aUrlWithAnotherSchemeIsRefused() {
        for (String url : List.of("ftp://hooks.example.com/x", "file:///etc/passwd", "gopher://localhost:70/x")) {
            assertThat(refusal(url)).as(url).isNotNull().extracting(FieldError::field).isEqualTo("url");
        }
        assertThat(webhookCount()).isZero();
    }

    @Test
    void anAllowListedHostIsAccepted() {
        long id = create("http://localhost:9/hook");

        assertThat(jdbc.sql("select url from webhook_endpoint where id = ?").param(id).query(String.class).single())
                .isEqualTo("http://localhost:9/hook");
    }

    @Test
    void anAllowListedRangeAcceptsItsAddressesAndNoOthers() {
        var policy = new DestinationPolicy(properties(List.of("10.20.0.0/16", "fd00::/8")), host -> {
            throw new UnknownHostException(host);
        });

        assertThat(policy.refusalToSave(URI.create("http://10.20.3.4/hook"))).isEmpty();
        assertThat(policy.refusalToSave(URI.create("http://[fd00::5]/hook"))).isEmpty();
        assertThat(policy.refusalToSave(URI.create("http://10.21.3.4/hook"))).isPresent();
        assertThat(policy.refusalToSave(URI.create("http://127.0.0.1/hook"))).isPresent();
    }

    @Test
    void aHostThatResolvesToLoopbackAtDeliveryIsRefusedThenAndNotRetried() {
        receiver = WebhookReceiver.answering(200);
        String url = "http://rebind.test:" + receiver.port() + "/hook";
        var answer = new InetAddress[1];
        answer[0] = address("93.184.216.34");
        var policy = new DestinationPolicy(properties, host -> new InetAddress[] {answer[0]});
        assertThat(policy.refusalToSave(URI.create(url))).isEmpty();
        long endpoint = create(url);
        queueCommitted(REQUESTED);
        var rebindingDispatcher = new WebhookDispatcher(queue, new WebhookSender(properties, policy, Clock.systemUTC()),
                properties);

        answer[0] = address("127.0.0.1");
        rebindingDispatcher.deliverDue();
        rebindingDispatcher.deliverDue();

        assertThat(receiver.received()).isEmpty();
        assertThat(delivery(endpoint, "state")).isEqualTo("FAILED");
        assertThat(delivery(endpoint, "attempts")).isEqualTo("1");
        assertThat(delivery(endpoint, "last_error")).contains("Refused", "rebind.test", "127.0.0.1", "loopback");
        assertThat(jdbc.sql("select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id"
                + " where d.endpoint_id = ?").param(endpoint).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aStoredUrlNoLongerAllowedIsRefusedAtDelivery() {
        receiver = WebhookReceiver.answering(200);
        long endpoint = jdbc.sql("""
                insert into webhook_endpoint (name, url, secret, events, enabled, created_at, created_by_name, updated_at)
                values ('saved earlier', ?, 'a-secret-long-enough', '{access-request.create}', true, now(), 'test', now())
                returning id""").param("http://127.0.0.1:" + receiver.port() + "/hook").query(Long.class).single();
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();

        assertThat(receiver.received()).isEmpty();
        assertThat(delivery(endpoint, "state")).isEqualTo("FAILED");
        assertThat(delivery(endpoint, "last_error")).contains("Refused", "127.0.0.1", "loopback");
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() {
        receiver = WebhookReceiver.answering(302, 200);
        long endpoint = create(receiver.url());
        queueCommitted(REQUESTED);

        dispatcher.deliverDue();

        assertThat(receiver.received()).hasSize(1);
        assertThat(delivery(endpoint, "state")).isEqualTo("PENDING");
        assertThat(delivery(endpoint, "last_status")).isEqualTo("302");
        assertThat(delivery(endpoint, "last_error")).contains("Redirect not followed", "/hook/moved");
    }

    private FieldError refusal(String url) {
        var refused = catchThrowableOfType(InvalidInputException.class, () -> create(url));
        return refused == null ? null
                : refused.errors().stream().filter(e -> e.field().equals("url")).findFirst().orElse(null);
    }

    private long create(String url) {
        return webhooks.create(new WebhookRequest("test " + url, url, "a-secret-long-enough",
                List.of(WebhookEvent.ACCESS_REQUESTED.id()))).webhook().id();
    }

    private NotifyProperties properties(List<String> allowedHosts) {
        return new NotifyProperties(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofHours(1), 3, allowedHosts);
    }

    private static InetAddress address(String literal) {
        return HostAddresses.literal(literal).orElseThrow();
    }

    private void queueCommitted(Notification notice) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> outbox.queue(notice));
    }

    private long webhookCount() {
        return jdbc.sql("select count(*) from webhook_endpoint").query(Long.class).single();
    }

    private String delivery(long endpoint, String column) {
        List<String> values = jdbc.sql("select " + column + "::text from webhook_delivery where endpoint_id = ?")
                .param(endpoint).query((rs, i) -> rs.getString(1)).list();
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
