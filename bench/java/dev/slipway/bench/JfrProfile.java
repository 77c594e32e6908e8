package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a request's CPU time goes, from a Java Flight Recorder file: the execution samples
 * ({@code jdk.ExecutionSample}) of the threads that serve HTTP, counted per part of the request (a sample counts
 * for every part whose frame is on its stack, so the parts overlap: the token check is inside the security
 * filters), and the methods most often on top of the stack. Also printable on its own:
 * {@code java -cp … dev.slipway.bench.JfrProfile recording.jfr}.
 */
public final class JfrProfile {

    /** The parts of a request that the issue asks about, each recognised by a frame on the stack. */
    private static final Map<String, Predicate<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("HTTP: Tomcat (parsing, connector, writing the answer)", m -> m.startsWith("org.apache.coyote.")
                || m.startsWith("org.apache.tomcat.util.net."));
        PARTS.put("Spring Security filter chain (all API filters)", m -> m.startsWith(
                "org.springframework.security.web.FilterChainProxy."));
        PARTS.put("… token check (ApiTokens.authenticate)", m -> m.startsWith("dev.slipway.identity.ApiTokens.authenticate"));
        PARTS.put("… … token lookup by hash", m -> m.contains("ApiTokenRepository") && m.contains("findBySecretHash")
                || m.startsWith("dev.slipway.identity.CachedTokens"));
        PARTS.put("… … last-used write (ApiTokens.noteUse)", m -> m.startsWith("dev.slipway.identity.ApiTokens.noteUse"));
        PARTS.put("… actor loading (ActorLoader.load)", m -> m.startsWith("dev.slipway.identity.ActorLoader.load"));
        PARTS.put("Spring MVC dispatch (DispatcherServlet)", m -> m.startsWith(
                "org.springframework.web.servlet.DispatcherServlet.doDispatch"));
        PARTS.put("… the list (ServiceCatalog.list, with its transaction)", m -> m.startsWith(
                "dev.slipway.catalog.ServiceCatalog.list") || m.startsWith("dev.slipway.catalog.ServiceCatalog$$"));
        PARTS.put("… JSON serialization (Jackson)", m -> m.startsWith(
                "org.springframework.http.converter.json.") || m.startsWith("tools.jackson.databind.ser.")
                || m.startsWith("org.springframework.http.converter.AbstractJacksonHttpMessageConverter.write"));
        PARTS.put("transactions (Spring TransactionInterceptor)", m -> m.startsWith(
                "org.springframework.transaction.interceptor.TransactionInterceptor.invoke"));
        PARTS.put("… Hibernate / JPA (EntityManager, sessions)", m -> m.startsWith("org.hibernate."));
        PARTS.put("JDBC driver (pgjdbc: sending, waiting, reading)", m -> m.startsWith("org.postgresql."));
        PARTS.put("connection pool (Hikari)", m -> m.startsWith("com.zaxxer.hikari."));
        PARTS.put("HTTP session (Tomcat sessions)", m -> m.startsWith("org.apache.catalina.session."));
        PARTS.put("logging (Logback)", m -> m.startsWith("ch.qos.logback."));
        PARTS.put("metrics (Micrometer)", m -> m.startsWith("io.micrometer."));
    }

    private JfrProfile() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(summarize(Path.of(args[0]), 25));
    }

    /** The parts table and the top methods, as Markdown. */
    static String summarize(Path recording, int topMethods) throws IOException {
        List<RecordedEvent> samples = RecordingFile.readAllEvents(recording).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.ExecutionSample"))
                .filter(event -> event.getStackTrace() != null)
                .toList();
        int all = samples.size();
        var byThread = new HashMap<String, Integer>();
        var parts = new LinkedHashMap<String, Integer>();
        PARTS.keySet().forEach(part -> parts.put(part, 0));
        var topOfStack = new HashMap<String, Integer>();
        int requestSamples = 0;
        for (RecordedEvent sample : samples) {
            String thread = threadGroup(sample);
            byThread.merge(thread, 1, Integer::sum);
            List<RecordedFrame> frames = sample.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                topOfStack.merge(method(frames.get(0)), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = method(frame);
                PARTS.forEach((part, matches) -> {
                    if (!seen.contains(part) && matches.test(method)) {
                        seen.add(part);
                        parts.merge(part, 1, Integer::sum);
                    }
                });
            }
            if (thread.startsWith("http")) {
                requestSamples++;
            }
        }
        var text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Execution samples: %,d (threads serving HTTP: %,d)%n%n", all,
                requestSamples));
        text.append("| threads | samples | share |\n|---|--:|--:|\n");
        byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> text.append(row(e.getKey(), e.getValue(), all)));
        text.append("\n| part of the request (a sample counts for each part on its stack) | samples | share of all |\n"
                + "|---|--:|--:|\n");
        parts.forEach((part, count) -> text.append(row(part, count, all)));
        text.append("\n| method on top of the stack | samples | share |\n|---|--:|--:|\n");
        topOfStack.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(topMethods).forEach(e -> text.append(row("`" + e.getKey() + "`", e.getValue(), all)));
        return text.toString();
    }

    private static String row(String name, int count, int all) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f %% |%n", name, count, all == 0 ? 0 : 100.0 * count / all);
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** Threads by pool: "http-nio-8080-exec-3" → "http-nio-exec", "HikariPool-1 housekeeper" → as is. */
    private static String threadGroup(RecordedEvent sample) {
        var thread = sample.getThread("sampledThread");
        String name = thread == null ? "?" : thread.getJavaName();
        if (name == null) {
            return "?";
        }
        return name.replaceAll("-\\d+-", "-").replaceAll("-?\\d+$", "");
    }
}
