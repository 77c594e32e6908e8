package dev.slipway.notify;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.lang.Contract;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outgoing webhooks, for administrators: the endpoints (URL, secret, events) and a test
 * notification to each. The secret is shown only when Slipway generated it, once, on creation.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Webhooks {

    private static final int MIN_SECRET_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final WebhookOutbox outbox;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final DestinationPolicy destinations;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    @Transactional(readOnly = true)
    public List<WebhookView> list() {
        access.require(Permission.WEBHOOKS_MANAGE, null, "webhook.list", "webhook", null);
        return jdbc.sql(select() + " order by lower(w.name), w.id").query((rs, i) -> read(rs)).list();
    }

    @Transactional(readOnly = true)
    public WebhookView get(long id) {
        access.require(Permission.WEBHOOKS_MANAGE, null, "webhook.read", "webhook", String.valueOf(id));
        return find(id);
    }

    public CreatedWebhook create(WebhookRequest request) {
        access.require(Permission.WEBHOOKS_MANAGE, null, WebhookCreated.NAME, "webhook", null);
        List<WebhookEvent> subscribed = check(request, "leave it empty to have one generated");
        String generated = blank(request.secret()) ? generateSecret() : null;
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into webhook_endpoint (name, url, secret, events, enabled, created_at, created_by_name, updated_at)
                values (?, ?, ?, string_to_array(?, ','), true, ?, ?, ?) returning id""")
                .params(request.name().strip(), request.url().strip(),
                        generated != null ? generated : Objects.requireNonNull(request.secret()).strip(), ids(subscribed), Timestamp.from(now),
                        access.current().username(), Timestamp.from(now))
                .query(Long.class).single();
        WebhookView created = find(id);
        events.publishEvent(new WebhookCreated(created));
        return new CreatedWebhook(created, generated);
    }

    public WebhookView update(long id, WebhookRequest request) {
        access.require(Permission.WEBHOOKS_MANAGE, null, WebhookUpdated.NAME, "webhook", String.valueOf(id));
        WebhookView before = find(id);
        List<WebhookEvent> subscribed = check(request, "leave it empty to keep the current one");
        boolean newSecret = !blank(request.secret());
        jdbc.sql("""
                update webhook_endpoint set name = ?, url = ?, events = string_to_array(?, ','),
                    secret = case when ? then ? else secret end, updated_at = ?
                where id = ?""")
                .params(request.name().strip(), request.url().strip(), ids(subscribed), newSecret,
                        newSecret ? Objects.requireNonNull(request.secret()).strip() : "", Timestamp.from(clock.instant()), id)
                .update();
        WebhookView after = find(id);
        events.publishEvent(new WebhookUpdated(before, after, newSecret));
        return after;
    }

    public void delete(long id) {
        access.require(Permission.WEBHOOKS_MANAGE, null, WebhookDeleted.NAME, "webhook", String.valueOf(id));
        WebhookView webhook = find(id);
        jdbc.sql("delete from webhook_endpoint where id = ?").param(id).update();
        events.publishEvent(new WebhookDeleted(webhook));
    }

    /** Disabled endpoints get no new deliveries; those already queued wait until it is enabled again. */
    public WebhookView setEnabled(long id, boolean enabled) {
        String action = enabled ? WebhookEnabled.NAME : WebhookDisabled.NAME;
        access.require(Permission.WEBHOOKS_MANAGE, null, action, "webhook", String.valueOf(id));
        WebhookView before = find(id);
        jdbc.sql("update webhook_endpoint set enabled = ?, updated_at = ? where id = ?")
                .params(enabled, Timestamp.from(clock.instant()), id).update();
        WebhookView after = find(id);
        events.publishEvent(enabled ? new WebhookEnabled(before, after) : new WebhookDisabled(before, after));
        return after;
    }

    /** Queues a test notification; returns its delivery id. */
    public long sendTest(long id) {
        access.require(Permission.WEBHOOKS_MANAGE, null, WebhookTested.NAME, "webhook", String.valueOf(id));
        WebhookView webhook = find(id);
        if (!webhook.enabled()) {
            throw new ConflictException("The webhook " + webhook.name() + " is disabled: enable it to send a test.");
        }
        long delivery = outbox.queueTest(id, webhook.name());
        events.publishEvent(new WebhookTested(id, delivery));
        return delivery;
    }

    private List<WebhookEvent> check(WebhookRequest request, String blankSecretHint) {
        var errors = new ArrayList<FieldError>();
        try {
            validator.check(request);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!blank(request.url())) {
            URI url = webUrl(request.url().strip());
            if (url == null) {
                errors.add(new FieldError("url", "must be an absolute http:// or https:// URL, "
                        + "e.g. https://hooks.example.com/slipway"));
            } else {
                destinations.refusalToSave(url).ifPresent(refusal -> errors.add(new FieldError("url", refusal)));
            }
        }
        if (!blank(request.secret()) && request.secret().strip().length() < MIN_SECRET_LENGTH) {
            errors.add(new FieldError("secret", "must be at least " + MIN_SECRET_LENGTH + " characters ("
                    + blankSecretHint + ")"));
        }
        var subscribed = new ArrayList<WebhookEvent>();
        List<String> requested = request.events() == null ? List.of() : request.events().stream()
                .filter(e -> !blank(e)).map(String::strip).distinct().toList();
        if (requested.isEmpty()) {
            errors.add(new FieldError("events", "choose at least one event"));
        }
        for (String event : requested) {
            try {
                subscribed.add(WebhookEvent.of(event));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("events", "'" + event + "' " + e.getMessage()));
            }
        }
        RequestValidator.require(errors);
        return subscribed.stream().sorted().toList();
    }

    /** The URL when it is an absolute http(s) one with a host, else null. */
    private static @Nullable URI webUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            return web ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String ids(List<WebhookEvent> types) {
        return types.stream().map(WebhookEvent::id).collect(Collectors.joining(","));
    }

    @Contract("null -> true")
    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private WebhookView find(long id) {
        return jdbc.sql(select() + " where w.id = ?").param(id).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("webhook", String.valueOf(id)));
    }

    private static String select() {
        return """
                select w.*, (select d.state from webhook_delivery d where d.endpoint_id = w.id
                             order by d.id desc limit 1) as last_state
                from webhook_endpoint w""";
    }

    private static WebhookView read(ResultSet rs) throws SQLException {
        String last = rs.getString("last_state");
        return new WebhookView(rs.getLong("id"), rs.getString("name"), rs.getString("url"), events(rs.getArray("events")),
                rs.getBoolean("enabled"), rs.getString("created_by_name"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), last == null ? null : DeliveryState.valueOf(last));
    }

    // Leniently: an event Slipway no longer knows is dropped rather than breaking the page.
    private static List<WebhookEvent> events(Array array) throws SQLException {
        Set<String> ids = Set.copyOf(Arrays.asList((String[]) array.getArray()));
        return Arrays.stream(WebhookEvent.values()).filter(t -> ids.contains(t.id())).toList();
    }
}
