package dev.slipway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;

/** Slipway's metrics as Prometheus scrapes them (/actuator/prometheus with a metrics:read token), series by series. */
public final class PrometheusScrape {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String body;

    private PrometheusScrape(String body) {
        this.body = body;
    }

    public static PrometheusScrape of(ApplicationContext context, int port) {
        var users = new TestUsers(context, port);
        String token = users.token(users.person("metrics-scraper", Role.ADMIN), null, Scope.METRICS_READ);
        return of(port, token);
    }

    /** The scrape of the Slipway on {@code port}, with a token holding {@code metrics:read}. */
    public static PrometheusScrape of(int port, String token) {
        var answer = new HttpApi(port).withToken(token).get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return new PrometheusScrape(answer.body());
    }

    public String body() {
        return body;
    }

    /** The sum of the series of {@code name} whose labels include {@code labels}; zero when there is none. */
    public double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : body.split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (series.matches() && series.group(1).equals(name) && labelsOf(series.group(2)).entrySet()
                    .containsAll(labels.entrySet())) {
                sum += Double.parseDouble(series.group(3));
            }
        }
        return sum;
    }

    /** How much the series of {@code name} with these labels grew since an earlier scrape. */
    public double increaseSince(PrometheusScrape before, String name, Map<String, String> labels) {
        return value(name, labels) - before.value(name, labels);
    }

    /** Whether any series of this metric name is exported. */
    public boolean has(String name) {
        return body.lines().map(SERIES::matcher).anyMatch(series -> series.matches() && series.group(1).equals(name));
    }

    private static Map<String, String> labelsOf(@Nullable String braces) {
        Map<String, String> labels = new TreeMap<>();
        if (braces != null) {
            Matcher label = LABEL.matcher(braces);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}
