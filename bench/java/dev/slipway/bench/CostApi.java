package dev.slipway.bench;

import dev.slipway.demo.FocusFileGenerator;
import dev.slipway.demo.FocusFileGenerator.Totals;
import dev.slipway.demo.FocusFileGenerator.Written;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Flow;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost API as the benchmarks call it: import a FOCUS file, ask for a report, recompute the
 * allocation. Every answer is checked against what the generator wrote; a wrong one stops the run.
 */
final class CostApi {

    // Amounts have more digits than a double holds: read them as decimals, as any client of money should.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** An import's answer and its time, from the first byte sent to the 201 received. */
    record Imported(String id, long rows, long nanos) {

        double seconds() {
            return nanos / 1e9;
        }
    }

    /** A finished recomputation: how long from the POST to DONE seen, and the rows it reports. */
    record Recomputed(String id, long rowsTotal, long nanos, int polls) {
    }

    private final SlipwayClient client;

    CostApi(SlipwayClient client) {
        this.client = client;
    }

    /**
     * Creates the teams and services the bill names, with their project cost tag, so that its spend is
     * allocated as in a real organisation rather than all Unallocated.
     */
    void createCatalog(List<FocusFileGenerator.Owner> owners) throws IOException, InterruptedException {
        var teams = new LinkedHashSet<String>();
        var services = new LinkedHashMap<String, FocusFileGenerator.Owner>();
        for (var owner : owners) {
            teams.add(owner.team());
            services.putIfAbsent(owner.service(), owner);
        }
        for (String team : teams) {
            post("/api/v1/teams", "{\"slug\": \"" + team + "\", \"name\": \"" + team + "\"}");
        }
        for (var service : services.values()) {
            post("/api/v1/services", "{\"slug\": \"" + service.service() + "\", \"name\": \"" + service.service()
                    + "\", \"team\": \"" + service.team() + "\", \"costTags\": {\"project\": \"" + service.project() + "\"}}");
        }
    }

    private void post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(client.api(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 201, "POST " + path, response);
    }

    /** Imports the file ({@code text/csv}, or {@code application/gzip} when its name ends with .gz) and checks the answer. */
    Imported importFile(Path file, Written expected) throws IOException, InterruptedException {
        String type = file.getFileName().toString().endsWith(".gz") ? "application/gzip" : "text/csv";
        var body = new FirstByteTimed(HttpRequest.BodyPublishers.ofFile(file));
        HttpRequest request = client.api("/api/v1/cost-imports").timeout(Duration.ofMinutes(60))
                .header("Content-Type", type).header("Accept", "application/json").POST(body).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        require(response.statusCode() == 201, "POST /api/v1/cost-imports", response);
        JsonNode json = JSON.readTree(response.body());
        require("FOCUS".equals(json.path("format").asString()) && "1.2".equals(json.path("focusVersion").asString()),
                "format not FOCUS 1.2", response);
        require(json.path("rowsTotal").asLong() == expected.rows(), "rows not " + expected.rows(), response);
        requireTotals(json.path("totals"), expected.totals(), "POST /api/v1/cost-imports", response);
        return new Imported(json.path("id").asString(), expected.rows(), answered - body.firstByteAt());
    }

    /** GET of a report, timed from sending to the last byte; checks the status and the shape. */
    long timedReport(String path) throws IOException, InterruptedException {
        HttpRequest request = client.api(path).header("Accept", "application/json").GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        require(response.statusCode() == 200 && response.body().contains("\"rows\""), "GET " + path, response);
        return elapsed;
    }

    /**
     * Asks for a report once and checks it in full: rows there are, and its totals are the generator's.
     * Returns the number of rows and, when their sum differs from the totals, a note saying so.
     */
    ReportCheck checkReport(String path, List<Totals> expected) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(client.api(path).header("Accept", "application/json").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 200, "GET " + path, response);
        JsonNode json = JSON.readTree(response.body());
        JsonNode rows = json.path("rows");
        require(rows.isArray() && !rows.isEmpty(), "GET " + path + ": no rows", response);
        requireTotals(json.path("totals"), expected, "GET " + path, response);
        var groups = new HashSet<String>();
        String note = null;
        for (Totals totals : expected) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode row : rows) {
                groups.add(row.path("group").asString());
                if (totals.currency().equals(row.path("currency").asString())) {
                    sum = sum.add(decimal(row.path("billedCost")));
                }
            }
            if (sum.compareTo(totals.billedCost()) != 0) {
                note = "the rows' billedCost in " + totals.currency() + " add up to " + sum.toPlainString()
                        + ", the totals (and the file) to " + totals.billedCost().toPlainString();
            }
        }
        return new ReportCheck(rows.size(), groups.size(), note);
    }

    record ReportCheck(int rows, int groups, String note) {
    }

    /** POST recompute, then polls the Location every 50 ms until DONE; fails on FAILED or after an hour. */
    Recomputed recompute() throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> accepted = client.send(client.api("/api/v1/cost-allocation/recompute")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        require(accepted.statusCode() == 202, "POST /api/v1/cost-allocation/recompute", accepted);
        String location = accepted.headers().firstValue("Location")
                .orElseThrow(() -> new WrongAnswer("POST /api/v1/cost-allocation/recompute: no Location"));
        String path = location.startsWith("http") ? URI.create(location).getRawPath() : location;
        int polls = 0;
        long deadline = start + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> state = client.send(client.api(path).header("Accept", "application/json").GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            polls++;
            require(state.statusCode() == 200, "GET " + path, state);
            JsonNode json = JSON.readTree(state.body());
            switch (json.path("state").asString()) {
                case "DONE" -> {
                    return new Recomputed(json.path("id").asString(), json.path("rowsTotal").asLong(),
                            System.nanoTime() - start, polls);
                }
                case "FAILED" -> throw new WrongAnswer("The recomputation failed: " + state.body());
                default -> Thread.sleep(50); // the recompute runs minutes; a 50 ms poll costs it nothing
            }
        }
        throw new WrongAnswer("The recomputation did not finish within an hour");
    }

    private static void requireTotals(JsonNode totals, List<Totals> expected, String call,
            HttpResponse<String> response) {
        for (Totals want : expected) {
            JsonNode found = null;
            for (JsonNode node : totals) {
                if (want.currency().equals(node.path("currency").asString())) {
                    found = node;
                }
            }
            require(found != null, "no totals in " + want.currency(), response);
            require(decimal(found.path("billedCost")).compareTo(want.billedCost()) == 0
                    && decimal(found.path("effectiveCost")).compareTo(want.effectiveCost()) == 0
                    && decimal(found.path("listCost")).compareTo(want.listCost()) == 0,
                    call + ": totals in " + want.currency() + " are not the file's " + want, response);
        }
    }

    /** An amount, whether the API writes it as a JSON number or as a string. */
    private static BigDecimal decimal(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asString());
    }

    private static void require(boolean condition, String problem, HttpResponse<String> response) {
        if (!condition) {
            String body = response.body();
            throw new WrongAnswer(problem + " answered " + response.statusCode() + ": "
                    + (body.length() > 2_000 ? body.substring(0, 2_000) + "…" : body));
        }
    }

    static final class WrongAnswer extends RuntimeException {
        WrongAnswer(String message) {
            super(message);
        }
    }

    /** A body that notes when its first bytes are handed to the connection, so the time starts there. */
    private static final class FirstByteTimed implements HttpRequest.BodyPublisher {

        private final HttpRequest.BodyPublisher body;
        private volatile long firstByteAt;

        FirstByteTimed(HttpRequest.BodyPublisher body) {
            this.body = body;
        }

        long firstByteAt() {
            return firstByteAt;
        }

        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    if (firstByteAt == 0) {
                        firstByteAt = System.nanoTime();
                    }
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
