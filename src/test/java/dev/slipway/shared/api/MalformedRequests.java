package dev.slipway.shared.api;

import dev.slipway.shared.api.FuzzRequest.Caller;
import dev.slipway.shared.api.FuzzRequest.PathValue;
import dev.slipway.shared.api.FuzzRequest.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates requests for one operation of the OpenAPI document: path segments that are real records or odd
 * bytes, documented query parameters with plausible or wrong values, bodies built from the documented schema and
 * then broken in one way or another, and headers a careless or hostile client might send. A good share of every
 * kind stays plausible, so that requests get past the first check and reach the deeper ones.
 */
final class MalformedRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Odd path segments, as they go on the wire. */
    private static final List<String> ODD_SEGMENTS = List.of("0", "-1", "1", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "1e3", "1.5", "0x1F", "+1",
            "%20", " ".replace(" ", "%09"), "abc", "%2F", "a%2Fb", "%5C", "a%5Cb", "%00", "a%00b", "%C0%AF", "%C0%80",
            "%FF", "%E2%82", "%", "%zz", "%2", "..", ".", "%2E%2E", "%2e", "a;b=c", ";jsessionid=x", "%3B", "%C3%BC",
            "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF", "null", "undefined", "%7Bid%7D", "*", "%27", "%22", "'", "~",
            "%3Cscript%3E", "%0D%0A", "%0A", "%25", "!$&'()*+,=", "@", ":", "%u0041", "a".repeat(300),
            "9".repeat(300), "a".repeat(9000), "", "\u00c3\u00bc", "\u00ff", "\u00c0\u00af", "\"", "{", "|", "\\",
            "^", "`", "[", "]", "<", ">");

    /** Odd query values, as they go on the wire. */
    private static final List<String> ODD_QUERY_VALUES = List.of("", "-1", "0", "abc", "1.5", "1e3", "0x10", "+1",
            "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999", "%zz", "%", "%2",
            "%00", "%C0%AF", "%FF", "a%2Fb", "true", "null", "2026-13-45", "2026-02-30", "2026-1-1",
            "2026-01-01T25:61:00Z", "-999999999-01-01", "%2B999999999-12-31", "%20", "%C3%BC", "\u00c3\u00bc",
            "%F0%9F%98%80", "[]", "{}", "'", "%22", "%0D%0A", "x".repeat(1000), "x".repeat(10_000), "P9999999999999D",
            "-PT1H", "%3Cscript%3E", ";", "%26", "=", "a=b");

    private static final List<String> QUERY_TAILS = List.of("%zz", "=", "&&&", "a", "a=%", "%=1", "page[0]=1",
            "page=1&page=2", "size=0&size=100000", "&", "?", "#frag", "%00=%00", "q=" + "y".repeat(10_000),
            "unknown=1", "__proto__=x", "\u00ff=\u00ff");

    private static final List<String> PATH_SUFFIXES = List.of("/", "/x", "//", "/..", "/.", "%2F", "%2Fx",
            ";x=1", ".json", "/%00", "?", "#x");

    private static final String NO_TYPE = "<none>";

    private static final List<String> ODD_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
            "application/json; charset=utf-16", "application/json; charset=ISO-8859-1",
            "application/json; charset=no-such-charset", "application/json; charset=\"", "application/json;;;",
            "application/json; q=x", "*/*", "application/*", "garbage", "/", ";", "application/problem+json",
            "application/merge-patch+json", "text/csv", "application/gzip", "application/octet-stream",
            "application/json\u00ff", "application/vnd.slipway+json", "text/json", "application/x-ndjson", " ", NO_TYPE);

    private static final List<String> ODD_ACCEPTS = List.of("*/*", "application/json", "application/problem+json",
            "text/html", "application/xml", "garbage", "application/json;q=0", "text/csv", "application/yaml",
            "image/png", "application/x-ndjson", "*/*;q=x", ",,,", "application/json, text/html;q=0.1", "text/*",
            "", "\u00ff", "application/*+json", "application/json;charset=utf-16");

    private static final List<String> ODD_IDEMPOTENCY_KEYS = List.of("build-1", "k".repeat(100), "k".repeat(101),
            "k".repeat(9000), "build-\u0085\u009f", "\u00c3\u00bc", "", " ", "a\tb", "\u0001", "\u007f", "%00",
            "\"quoted\"", "a,b", "0", "-1");

    private static final List<String> ODD_PREFERS = List.of("respond-async", "return=minimal", "respond-async, wait=1",
            "RESPOND-ASYNC", "handling=strict", "wait=-1", "x".repeat(5000), "\u00ff\u00fe", ";;;", "respond-async;");

    private static final List<String> ODD_EXTRA_HEADERS = List.of("Content-Encoding: gzip", "Content-Encoding: br",
            "X-Forwarded-For: not-an-address", "X-Forwarded-For: 999.999.999.999, ::1", "X-Forwarded-Proto: gopher",
            "X-Forwarded-Host: evil.example", "Range: bytes=zz", "If-Match: \"x\"", "If-None-Match: *",
            "If-Modified-Since: yesterday", "Origin: http://evil.example", "X-HTTP-Method-Override: DELETE",
            "Cookie: JSESSIONID=garbage; SESSION=\u00ff", "Accept-Language: \u00ff", "Accept-Charset: no-such",
            "Accept-Encoding: gzip;q=x", "Last-Event-ID: abc", "Last-Event-ID: 99999999999999999999",
            "HX-Request: true", "X-Request-Id: " + "r".repeat(3000), "Expect: 101-nonsense",
            // A second Content-Type or Authorization (the names differ only in case, so both are sent).
            "content-type: text/plain", "content-type: application/json", "authorization: Basic Zm9vOmJhcg==");

    private static final List<String> OTHER_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "PROPFIND", "FOO");

    private static final List<String> WAITS = List.of("0", "0s", "1s", "PT1S", "-1s", "11m", "abc", "1h",
            "99999999999999999999", "1e3", "", "PT", "P1D", "-0");

    private final Map<String, List<String>> pools;

    /** Values of fields that name existing records (team, service, environment, user, version). */
    MalformedRequests(Map<String, List<String>> pools) {
        this.pools = pools;
    }

    /**
     * A third of the requests are plausible but for at most one field of the body, from an administrator, so
     * that they get past parsing and authorization to the rules of the operation (and some succeed); the rest
     * may be odd in every part at once.
     */
    Arbitrary<FuzzRequest> requestsFor(ApiOperation operation) {
        Arbitrary<FuzzRequest> plausible = Combinators.combine(pathValues(operation, 9), query(operation, 0, 0),
                plausiblePayload(operation))
                .as((path, q, payload) -> new FuzzRequest(operation, operation.method(), path, "", q, payload,
                        Map.of(), Caller.ADMIN));
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(93, Arbitraries.just(operation.method())),
                Tuple.of(7, Arbitraries.of(OTHER_METHODS)));
        Arbitrary<String> suffix = Arbitraries.frequencyOf(Tuple.of(95, Arbitraries.just("")),
                Tuple.of(5, Arbitraries.of(PATH_SUFFIXES)));
        Arbitrary<FuzzRequest> anything = Combinators.combine(method, pathValues(operation, 6), suffix,
                query(operation, 3, 12), payload(operation), headers(operation), caller())
                .as((m, path, s, q, payload, headers, caller) -> new FuzzRequest(operation, m, path, s, q, payload,
                        headers, caller));
        return Arbitraries.frequencyOf(Tuple.of(1, plausible), Tuple.of(2, anything));
    }

    // ---- path ----

    /** Path values, {@code existingInTen} in ten of them naming an existing record, the others odd. */
    private Arbitrary<List<PathValue>> pathValues(ApiOperation operation, int existingInTen) {
        var values = new ArrayList<Arbitrary<PathValue>>();
        for (ApiOperation.Parameter parameter : operation.in("path")) {
            String pool = poolOf(operation, parameter.name());
            Arbitrary<PathValue> existing = Arbitraries.integers().between(0, 1000)
                    .map(pick -> PathValue.existing(pool, pick));
            Arbitrary<PathValue> odd = Arbitraries.oneOf(Arbitraries.of(ODD_SEGMENTS),
                    Arbitraries.strings().ofMaxLength(30).map(MalformedRequests::encode),
                    // Any ASCII but CR and LF, which would end the request line: the rest is not a request.
                    Arbitraries.strings().ascii().excludeChars('\r', '\n').ofMaxLength(30))
                    .map(PathValue::raw);
            values.add(Arbitraries.frequencyOf(Tuple.of(existingInTen, existing), Tuple.of(10 - existingInTen, odd)));
        }
        return Combinators.combine(values).as(List::copyOf);
    }

    /** Which records a path parameter names, from the segment before it: {@code /teams/{slug}} names a team. */
    static String poolOf(ApiOperation operation, String parameter) {
        String[] segments = operation.template().split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + parameter + "}")) {
                return segments[i - 1];
            }
        }
        throw new IllegalStateException(parameter + " is not in " + operation.template());
    }

    // ---- query ----

    /**
     * Documented parameters, each present in four of ten queries, {@code oddInTen} of them with an odd value;
     * and {@code tailsInHundred} of them with something odd at the end.
     */
    private Arbitrary<String> query(ApiOperation operation, int oddInTen, int tailsInHundred) {
        var parts = new ArrayList<Arbitrary<String>>();
        for (ApiOperation.Parameter parameter : operation.in("query")) {
            String name = parameter.name();
            Arbitrary<String> value = name.equals("wait")
                    // A valid long wait on a running deployment would hold the request for minutes.
                    ? Arbitraries.of(WAITS)
                    : Arbitraries.frequencyOf(
                            Tuple.of(10 - oddInTen, plausibleText(name, parameter.schema()).map(MalformedRequests::encode)),
                            Tuple.of(oddInTen, Arbitraries.of(ODD_QUERY_VALUES)));
            parts.add(Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                    Tuple.of(4, value.map(v -> name + "=" + v))));
        }
        parts.add(Arbitraries.frequencyOf(Tuple.of(100 - tailsInHundred, Arbitraries.just("")),
                Tuple.of(tailsInHundred, Arbitraries.of(QUERY_TAILS))));
        return Combinators.combine(parts).as(list -> String.join("&", list.stream().filter(p -> !p.isEmpty()).toList()));
    }

    // ---- headers and caller ----

    private Arbitrary<Map<String, String>> headers(ApiOperation operation) {
        boolean idempotent = operation.in("header").stream().anyMatch(p -> p.name().equals("Idempotency-Key"));
        boolean prefers = operation.in("header").stream().anyMatch(p -> p.name().equals("Prefer"));
        boolean events = operation.in("header").stream().anyMatch(p -> p.name().equals("Last-Event-ID"));
        Arbitrary<String> accept = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.of(ODD_ACCEPTS)));
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(idempotent ? 5 : 19, Arbitraries.just("")),
                Tuple.of(idempotent ? 5 : 1, Arbitraries.oneOf(Arbitraries.of(ODD_IDEMPOTENCY_KEYS),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(120).map(MalformedRequests::latin1))));
        Arbitrary<String> prefer = Arbitraries.frequencyOf(Tuple.of(prefers ? 5 : 19, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of(ODD_PREFERS)));
        Arbitrary<String> lastEvent = events ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("1", "0", "-1", "abc", "99999999999999999999", "", "1.5")))
                : Arbitraries.just("");
        Arbitrary<String> extra = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of(ODD_EXTRA_HEADERS)));
        return Combinators.combine(accept, key, prefer, lastEvent, extra).as((a, k, p, l, x) -> {
            var headers = new LinkedHashMap<String, String>();
            if (!a.isEmpty()) {
                headers.put("Accept", a);
            }
            if (!k.isEmpty()) {
                headers.put("Idempotency-Key", k);
            }
            if (!p.isEmpty()) {
                headers.put("Prefer", p);
            }
            if (!l.isEmpty()) {
                headers.put("Last-Event-ID", l);
            }
            if (!x.isEmpty()) {
                headers.put(x.substring(0, x.indexOf(':')), x.substring(x.indexOf(':') + 2));
            }
            return headers;
        });
    }

    private static Arbitrary<Caller> caller() {
        return Arbitraries.frequency(Tuple.of(80, Caller.ADMIN), Tuple.of(8, Caller.READER), Tuple.of(3, Caller.ANONYMOUS),
                Tuple.of(2, Caller.GARBAGE_BEARER), Tuple.of(2, Caller.UNKNOWN_TOKEN), Tuple.of(1, Caller.HUGE_BEARER),
                Tuple.of(1, Caller.BAD_BASIC), Tuple.of(1, Caller.OTHER_SCHEME), Tuple.of(2, Caller.LOWERCASE_BEARER));
    }

    // ---- bodies ----

    private Arbitrary<Payload> payload(ApiOperation operation) {
        Arbitrary<Payload> payload;
        String rightType;
        if (isCostImport(operation)) {
            payload = costFiles();
            rightType = null; // each kind of file carries its own
        } else if (operation.jsonSchema() != null) {
            payload = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Payload.NONE)),
                    Tuple.of(97, jsonBodies(operation.jsonSchema())));
            rightType = "application/json";
        } else {
            payload = Arbitraries.frequencyOf(Tuple.of(85, Arbitraries.just(Payload.NONE)),
                    Tuple.of(15, jsonBodies(NODES.objectNode())));
            rightType = "application/json";
        }
        Arbitrary<String> contentType = Arbitraries.frequencyOf(Tuple.of(75, Arbitraries.just("")),
                Tuple.of(25, Arbitraries.of(ODD_CONTENT_TYPES)));
        return Combinators.combine(payload, contentType).as((p, odd) -> {
            if (!odd.isEmpty()) {
                return p.withContentType(odd.equals(NO_TYPE) ? null : odd);
            }
            if (p.contentType() != null || p.bytes() == null) {
                return p;
            }
            return p.withContentType(rightType);
        });
    }

    /** The documented body, plausible or with one field changed, as the right media type. */
    private Arbitrary<Payload> plausiblePayload(ApiOperation operation) {
        JsonNode schema = operation.jsonSchema();
        if (isCostImport(operation)) {
            Arbitrary<Payload> broken = Combinators.combine(Arbitraries.integers().between(0, 21), COST_CELLS)
                    .as((column, cell) -> new Payload("FOCUS CSV, column " + column + " = " + cell,
                            (COST_HEADER + "\n" + brokenCell(column, cell) + "\n").getBytes(StandardCharsets.UTF_8),
                            "text/csv"));
            return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new Payload("FOCUS CSV",
                    (COST_HEADER + "\n" + COST_ROW + "\n").getBytes(StandardCharsets.UTF_8), "text/csv"))),
                    Tuple.of(2, broken));
        }
        if (schema == null) {
            return Arbitraries.just(Payload.NONE);
        }
        Arbitrary<JsonNode> plausible = plausibleJson("", schema);
        return Arbitraries.oneOf(plausible.map(node -> json("plausible", node)),
                Combinators.combine(plausible, mutation(schema)).as((node, mutation) ->
                        json("mutated [" + mutation + "]", mutation.apply(node.deepCopy()))))
                .map(payload -> payload.withContentType("application/json"));
    }

    private Arbitrary<Payload> jsonBodies(JsonNode schema) {
        Arbitrary<JsonNode> plausible = plausibleJson("", schema);
        Arbitrary<Payload> valid = plausible.map(node -> json("plausible", node));
        Arbitrary<Payload> mutated = Combinators.combine(plausible, mutation(schema).list().ofMinSize(1).ofMaxSize(3))
                .as((node, mutations) -> {
                    JsonNode result = node.deepCopy();
                    var applied = new ArrayList<String>();
                    for (Mutation mutation : mutations) {
                        result = mutation.apply(result);
                        applied.add(mutation.toString());
                    }
                    return json("mutated " + applied, result);
                });
        Arbitrary<Payload> truncated = plausible.flatMap(node -> {
            String text = JSON.writeValueAsString(node);
            return Arbitraries.integers().between(0, Math.max(0, text.length() - 1))
                    .map(cut -> text(("truncated at " + cut), text.substring(0, cut)));
        });
        Arbitrary<Payload> syntax = Combinators.combine(plausible, Arbitraries.integers().between(0, SYNTAX_BREAKS - 1))
                .as((node, which) -> text("broken syntax #" + which, breakSyntax(JSON.writeValueAsString(node), which)));
        Arbitrary<Payload> shape = Arbitraries.of(WRONG_SHAPES).map(s -> text("wrong shape", s.get()));
        Arbitrary<Payload> notJson = Arbitraries.oneOf(Arbitraries.of(NOT_JSON).map(s -> text("not JSON", s)),
                Arbitraries.strings().ofMaxLength(200).map(s -> text("random text", s)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> new Payload("random bytes", b, null)),
                plausible.map(node -> new Payload("UTF-16", JSON.writeValueAsString(node)
                        .getBytes(StandardCharsets.UTF_16), null)),
                plausible.map(node -> invalidUtf8(JSON.writeValueAsString(node))));
        return Arbitraries.frequencyOf(Tuple.of(22, valid), Tuple.of(38, mutated), Tuple.of(10, truncated),
                Tuple.of(10, syntax), Tuple.of(8, shape), Tuple.of(12, notJson));
    }

    private static Payload json(String kind, JsonNode node) {
        return new Payload(kind, JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8), null);
    }

    private static Payload text(String kind, String text) {
        return new Payload(kind, text.getBytes(StandardCharsets.UTF_8), null);
    }

    private static Payload invalidUtf8(String json) {
        int quote = Math.max(0, json.indexOf("\":\"") + 3);
        byte[] head = json.substring(0, quote).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(quote).getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return new Payload("invalid UTF-8", all, null);
    }

    private static final List<String> NOT_JSON = List.of("", " ", "\n", "hello", "<xml/>", "<?xml version=\"1.0\"?><a/>",
            "a=1&b=2", "name,slug\nx,y\n", "null", "undefined", "NaN", "{", "}", "[", "\"", "{\"", "{'a': 1}", "{a: 1}",
            "\u0000", "\u0000{}", "{}\u0000", "\ufeff", "--boundary\r\n\r\n--boundary--");

    private static final List<Supplier<String>> WRONG_SHAPES = List.of(() -> "[]", () -> "[{}]", () -> "1", () -> "-1.5e400",
            () -> "\"text\"", () -> "true", () -> "null", () -> "{}", () -> "[[[]]]", () -> "{\"\":{}}",
            () -> "[".repeat(5000) + "]".repeat(5000), () -> "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            () -> "[" + "1,".repeat(20_000) + "1]", () -> "\"" + "x".repeat(100_000) + "\"",
            () -> "{" + IntStream.range(0, 5000).mapToObj(i -> "\"f" + i + "\":" + i)
                    .collect(Collectors.joining(",")) + "}",
            () -> "1".repeat(5000), () -> "0." + "1".repeat(5000), () -> "1e999999999",
            () -> "{\"name\": \"" + "x".repeat(2_000_000) + "\"}");

    private static final int SYNTAX_BREAKS = 14;

    /** The plausible JSON with its syntax broken in one of several ways. */
    private static String breakSyntax(String json, int which) {
        String inner = json.length() > 2 && json.startsWith("{") ? json.substring(1, json.length() - 1) : "";
        return switch (which) {
            case 0 -> json + "xyz";
            case 1 -> json + json;
            case 2 -> "\ufeff" + json;
            case 3 -> "{/* comment */" + inner + "}";
            case 4 -> json.replace('"', '\'');
            case 5 -> "{" + inner + (inner.isEmpty() ? "" : ",") + "}";
            case 6 -> "{\"" + firstField(inner) + "\": 1, " + inner + "}";
            case 7 -> json.replaceFirst(":(-?[0-9])", ":NaN");
            case 8 -> json.replaceFirst(":\"", ":\"\u0001\n");
            case 9 -> "{\"" + firstField(inner) + "\": \"\\uD800\\u00\"}";
            case 10 -> json.replaceFirst(":([0-9])", ":00$1");
            case 11 -> "{" + inner.replace(",", ",,") + "}";
            case 12 -> json.replace(":", " : : ");
            default -> json.substring(0, json.length() / 2) + "\u0000" + json.substring(json.length() / 2);
        };
    }

    private static String firstField(String inner) {
        int start = inner.indexOf('"');
        int end = start < 0 ? -1 : inner.indexOf('"', start + 1);
        return start < 0 || end < 0 ? "a" : inner.substring(start + 1, end);
    }

    private static boolean isCostImport(ApiOperation operation) {
        return operation.template().equals("/api/v1/cost-imports") && operation.method().equals("POST");
    }

    private static final String COST_HEADER = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,"
            + "BillingPeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodStart,ChargePeriodEnd,BilledCost,"
            + "EffectiveCost,ListCost,ContractedCost,InvoiceIssuerName,PricingQuantity,PricingUnit,ProviderName,"
            + "PublisherName,ServiceCategory,ServiceName,Tags";

    private static final String COST_ROW = "fuzz,Fuzz,USD,2026-05-01T00:00:00Z,2026-06-01T00:00:00Z,Usage,,VM,"
            + "2026-05-02T00:00:00Z,2026-05-02T01:00:00Z,1.00,1.00,1.00,1.00,Acme,1,Hours,Acme,Acme,Compute,VM,"
            + "\"{\"\"team\"\":\"\"core\"\"}\"";

    private static final Arbitrary<String> COST_CELLS = Arbitraries.oneOf(Arbitraries.of("", "x", "-1", "1e400", "NaN",
            "2026-13-01T00:00:00Z", "\"", "\"\"\"", "\u0000", "9".repeat(400), "USD", "Usage", "{\"team\":", "null"),
            Arbitraries.strings().ofMaxLength(20));

    private static String brokenCell(int column, String cell) {
        String[] parts = COST_ROW.split(",", -1);
        parts[Math.min(column, parts.length - 1)] = cell;
        return String.join(",", parts);
    }

    /** A cost file upload: CSV text, gzip, or multipart, each well formed or not. */
    private Arbitrary<Payload> costFiles() {
        String header = COST_HEADER;
        String row = COST_ROW;
        Arbitrary<String> brokenRow = Combinators.combine(Arbitraries.integers().between(0, 21), COST_CELLS)
                .as(MalformedRequests::brokenCell);
        Arbitrary<String> csv = Arbitraries.oneOf(
                brokenRow.list().ofMinSize(1).ofMaxSize(3).map(rows -> header + "\n" + String.join("\n", rows) + "\n"),
                Arbitraries.integers().between(0, header.length() + row.length())
                        .map(cut -> (header + "\n" + row + "\n").substring(0, cut)),
                Arbitraries.of("", "\n", "a,b,c\n1,2,3\n", header + "\n", header.toLowerCase() + "\n" + row + "\n",
                        header.replace(",", ";") + "\n", "\u0000\u0001\u0002", header + "\n" + row + ",extra\n",
                        "identity/LineItemId,lineItem/UnblendedCost\nx,y\n", header + "\n" + row.replace("fuzz", "a".repeat(5000)) + "\n"));
        Arbitrary<Payload> plain = Combinators.combine(csv, Arbitraries.of("text/csv", "application/octet-stream"))
                .as((text, type) -> new Payload("CSV", text.getBytes(StandardCharsets.UTF_8), type));
        Arbitrary<Payload> gzip = Arbitraries.oneOf(
                csv.map(text -> new Payload("gzip", gzip(text.getBytes(StandardCharsets.UTF_8)), "application/gzip")),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(b -> new Payload("gzip magic and garbage",
                        concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, b), "application/gzip")),
                csv.map(text -> {
                    byte[] zipped = gzip(text.getBytes(StandardCharsets.UTF_8));
                    return new Payload("truncated gzip", Arrays.copyOf(zipped, zipped.length / 2),
                            "application/x-gzip");
                }));
        Arbitrary<Payload> multipart = Combinators.combine(csv, Arbitraries.integers().between(0, 6))
                .as((text, variant) -> multipart(text, variant));
        return Arbitraries.frequencyOf(Tuple.of(40, plain), Tuple.of(15, gzip), Tuple.of(35, multipart),
                Tuple.of(10, Arbitraries.just(Payload.NONE)));
    }

    private static Payload multipart(String csv, int variant) {
        String boundary = "fuzz-boundary";
        String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"bill.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n";
        String body = switch (variant) {
            case 0 -> part + "--" + boundary + "--\r\n";
            case 1 -> part; // no closing boundary
            case 2 -> part.replace("name=\"files\"", "name=\"other\"") + "--" + boundary + "--\r\n";
            case 3 -> "--" + boundary + "--\r\n"; // no parts
            case 4 -> part.replace("; filename=\"bill.csv\"", "") + "--" + boundary + "--\r\n";
            case 5 -> part.replace("\r\n", "\n") + "--" + boundary + "--\n";
            default -> part.replace("filename=\"bill.csv\"", "filename=\"../../" + "x".repeat(300) + "\u00ff\"")
                    + "--" + boundary + "--\r\n";
        };
        String type = variant == 1 ? "multipart/form-data; boundary=other" : "multipart/form-data; boundary=" + boundary;
        return new Payload("multipart #" + variant, body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---- plausible values, from the schema and the field's name ----

    private Arbitrary<JsonNode> plausibleJson(String name, JsonNode schema) {
        String type = schema.path("type").asString("");
        if (schema.has("enum")) {
            var values = new ArrayList<JsonNode>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        if (type.equals("object") || schema.has("properties")) {
            if (!schema.has("properties")) {
                JsonNode values = schema.path("additionalProperties");
                return mapOf(name, values.isObject() ? values : NODES.objectNode().put("type", "string"));
            }
            var required = new HashSet<String>();
            schema.path("required").forEach(r -> required.add(r.asString()));
            var fields = new ArrayList<Arbitrary<Map.Entry<String, JsonNode>>>();
            for (String field : schema.get("properties").propertyNames()) {
                Arbitrary<Map.Entry<String, JsonNode>> value = plausibleJson(field, schema.get("properties").get(field))
                        .map(v -> Map.entry(field, v));
                fields.add(required.contains(field) ? value
                        : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Map.entry("", NODES.nullNode()))),
                                Tuple.of(1, value)));
            }
            return Combinators.combine(fields).as(entries -> {
                ObjectNode object = NODES.objectNode();
                entries.stream().filter(e -> !e.getKey().isEmpty()).forEach(e -> object.set(e.getKey(), e.getValue()));
                return object;
            });
        }
        if (type.equals("array")) {
            return plausibleJson(singular(name), schema.path("items")).list().ofMaxSize(3).map(items -> {
                ArrayNode array = NODES.arrayNode();
                items.forEach(array::add);
                return array;
            });
        }
        if (type.equals("integer")) {
            return plausibleInteger(name, schema).map(i -> (JsonNode) NODES.numberNode(i));
        }
        if (type.equals("number")) {
            return Arbitraries.of("0", "1", "99.5", "100", "2500.75", "0.01").map(n -> (JsonNode) NODES.numberNode(new BigDecimal(n)));
        }
        if (type.equals("boolean")) {
            return Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b));
        }
        return plausibleText(name, schema).map(s -> (JsonNode) NODES.stringNode(s));
    }

    private Arbitrary<JsonNode> mapOf(String name, JsonNode valueSchema) {
        Arbitrary<String> keys = switch (name) {
            case "shares" -> Arbitraries.of(pools.get("teams"));
            case "env" -> Arbitraries.of("LOG_LEVEL", "JAVA_OPTS", "FEATURE_X");
            default -> Arbitraries.of("project", "cost-center", "owner");
        };
        Arbitrary<JsonNode> values = name.equals("shares")
                ? Arbitraries.of("25", "50", "100").map(n -> (JsonNode) NODES.numberNode(new BigDecimal(n)))
                : plausibleJson("", valueSchema);
        return Arbitraries.maps(keys, values).ofMaxSize(3).map(map -> {
            ObjectNode object = NODES.objectNode();
            map.forEach(object::set);
            return object;
        });
    }

    private static Arbitrary<Integer> plausibleInteger(String name, JsonNode schema) {
        switch (name) {
            case "page":
                return Arbitraries.integers().between(1, 3);
            case "size", "limit":
                return Arbitraries.of(1, 10, 50, 200);
            case "weekday":
                return Arbitraries.integers().between(1, 7);
            case "actualThresholds", "forecastThresholds", "actualThreshold", "forecastThreshold":
                return Arbitraries.of(50, 80, 100, 120);
            case "cursor", "seq":
                return Arbitraries.integers().between(1, 50);
            default:
                break;
        }
        int min = schema.has("minimum") ? schema.get("minimum").asInt() : 0;
        int max = schema.has("maximum") ? schema.get("maximum").asInt() : 100;
        return Arbitraries.integers().between(min, Math.max(min, max));
    }

    private Arbitrary<String> plausibleText(String name, JsonNode schema) {
        if (schema.has("enum")) {
            var values = new ArrayList<String>();
            schema.get("enum").forEach(v -> values.add(v.asString()));
            return Arbitraries.of(values);
        }
        String type = schema.path("type").asString("");
        if (type.equals("integer")) {
            return plausibleInteger(name, schema).map(String::valueOf);
        }
        if (type.equals("boolean")) {
            return Arbitraries.of("true", "false");
        }
        String format = schema.path("format").asString("");
        if (format.equals("date-time")) {
            return Arbitraries.integers().between(-400, 400).map(hours -> Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    .plus(hours, ChronoUnit.HOURS).toString());
        }
        if (format.equals("date")) {
            return Arbitraries.integers().between(-200, 40).map(days -> LocalDate.now(ZoneOffset.UTC).plusDays(days).toString());
        }
        return switch (name) {
            case "slug" -> Arbitraries.oneOf(
                    Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(12)
                            .map(s -> "fz-" + s),
                    Arbitraries.of(pools.get("teams")), Arbitraries.of(pools.get("services")),
                    Arbitraries.of(pools.get("environments")));
            case "name" -> Arbitraries.of("Fuzz", "Fuzz Ünïcödé", "x", "A name with spaces", "core");
            case "team", "granteeTeam", "target", "scope" -> Arbitraries.of(pools.get("teams"));
            case "service" -> Arbitraries.of(pools.get("services"));
            case "environment" -> Arbitraries.of(pools.get("environments"));
            case "version" -> Arbitraries.oneOf(Arbitraries.of(pools.get("versions")),
                    Arbitraries.integers().between(0, 99).map(n -> "2.0." + n));
            case "grantee", "serviceAccount", "requester", "subject", "actor", "username" -> Arbitraries.of(pools.get("users"));
            case "duration" -> Arbitraries.of("PT1H", "PT30M", "P1D", "PT8H");
            case "reason", "comment", "notes", "description", "overrideFreeze" -> Arbitraries.of("fuzz", "", "Ünïcödé ✓");
            case "startTime", "endTime" -> Arbitraries.of("09:00", "17:30", "00:00", "23:59");
            case "zone" -> Arbitraries.of("UTC", "Europe/Berlin", "America/New_York");
            case "cpuRequest", "cpuLimit" -> Arbitraries.of("100m", "250m", "1", "2", "0.5");
            case "memoryRequest", "memoryLimit" -> Arbitraries.of("128Mi", "256Mi", "1Gi", "512Mi");
            case "readinessPath", "livenessPath" -> Arbitraries.of("/healthz", "", "/ready");
            case "repositoryUrl" -> Arbitraries.of("https://git.example.com/core/x", "git@git.example.com:core/x.git", "");
            case "imageRepository" -> Arbitraries.of("registry.example.com/core/x", "registry.example.com:5000/a/b", "");
            case "link" -> Arbitraries.of("https://ci.example.com/build/1", "");
            case "contact" -> Arbitraries.of("#core", "core@example.com", "https://chat.example.com/core", "");
            case "digest" -> Arbitraries.of("sha256:" + "ab".repeat(32), "");
            case "gitSha" -> Arbitraries.of("abcdef1", "0123456789abcdef0123456789abcdef01234567", "");
            case "tag" -> Arbitraries.of("1.0.0", "latest", "");
            case "currency" -> Arbitraries.of("USD", "EUR", "usd");
            case "scopeType" -> Arbitraries.of("team", "project", "service");
            case "dimension" -> Arbitraries.of("team", "project", "service", "environment");
            case "tagValue", "matchProject", "matchCategory", "matchProviderService", "project", "provider", "category" ->
                    Arbitraries.of("shared", "Compute", "Squad A", "core");
            case "method" -> Arbitraries.of("PROPORTIONAL", "EVEN", "FIXED");
            case "scopes" -> Arbitraries.of("catalog:read", "costs:read");
            case "q" -> Arbitraries.of("core", "a", "");
            case "state" -> Arbitraries.of("SUCCEEDED", "QUEUED", "FAILED", "PENDING", "APPROVED", "queued");
            case "status" -> Arbitraries.of("active", "expired", "revoked", "ACTIVE");
            case "groupBy" -> Arbitraries.of("team", "service", "project", "environment", "provider", "category");
            case "granularity" -> Arbitraries.of("day", "month", "DAY");
            case "allocation" -> Arbitraries.of("direct", "shared", "unallocated", "DIRECT");
            case "format" -> Arbitraries.of("ndjson", "csv", "json");
            case "outcome" -> Arbitraries.of("SUCCESS", "DENIED", "FAILED");
            case "action" -> Arbitraries.of("team.create", "deployment.create", "token.invalid");
            case "targetType" -> Arbitraries.of("team", "service", "deployment");
            case "targetId" -> Arbitraries.of("1", "core", "core-api");
            case "production" -> Arbitraries.of("true", "false");
            default -> Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-").ofMinLength(1).ofMaxLength(10);
        };
    }

    private static String singular(String name) {
        return switch (name) {
            case "services" -> "service";
            case "environments" -> "environment";
            case "actualThresholds" -> "actualThreshold";
            case "forecastThresholds" -> "forecastThreshold";
            default -> name;
        };
    }

    // ---- mutations ----

    /** One change to a plausible body: a field set to a value of the wrong kind, removed, or added. */
    record Mutation(String field, String change, JsonNode value) {

        JsonNode apply(JsonNode body) {
            if (field.isEmpty()) {
                return value.deepCopy();
            }
            if (!(body instanceof ObjectNode object)) {
                return body;
            }
            switch (change) {
                case "remove" -> object.remove(field);
                case "into" -> {
                    JsonNode current = object.get(field);
                    if (current instanceof ArrayNode array) {
                        array.add(value.deepCopy());
                    } else if (current instanceof ObjectNode map) {
                        map.set("k" + map.size(), value.deepCopy());
                    } else {
                        object.set(field, value.deepCopy());
                    }
                }
                default -> object.set(field, value.deepCopy());
            }
            return object;
        }

        @Override
        public String toString() {
            String shown = value == null ? "" : FuzzRequest.abbreviate(value.toString());
            return (field.isEmpty() ? "<root>" : field) + " " + change + (change.equals("remove") ? "" : " " + shown);
        }
    }

    private static Arbitrary<Mutation> mutation(JsonNode schema) {
        var fields = new ArrayList<String>();
        schema.path("properties").propertyNames().forEach(fields::add);
        fields.add("unexpectedField");
        fields.add("");
        Arbitrary<String> change = Arbitraries.frequency(Tuple.of(7, "set"), Tuple.of(2, "remove"), Tuple.of(2, "into"));
        return Combinators.combine(Arbitraries.of(fields), change, oddJson()).as(Mutation::new);
    }

    /** JSON values of the wrong type, size, range or format for nearly any field. */
    static Arbitrary<JsonNode> oddJson() {
        List<Supplier<JsonNode>> values = List.of(NODES::nullNode, () -> NODES.booleanNode(true),
                () -> NODES.booleanNode(false), () -> NODES.numberNode(0), () -> NODES.numberNode(-1),
                () -> NODES.numberNode(new BigDecimal("1.5")), () -> NODES.numberNode(2147483648L),
                () -> NODES.numberNode(new BigInteger("-9223372036854775809")),
                () -> NODES.numberNode(new BigInteger("99999999999999999999999999")),
                () -> NODES.numberNode(new BigDecimal("1e400")), () -> NODES.numberNode(new BigDecimal("-1e-400")),
                () -> NODES.numberNode(-0.0d), () -> NODES.stringNode(""), () -> NODES.stringNode(" "),
                () -> NODES.stringNode("5"), () -> NODES.stringNode("1.5"), () -> NODES.stringNode("true"),
                () -> NODES.stringNode("null"), () -> NODES.stringNode("\u0000"), () -> NODES.stringNode("a\u0000b"),
                () -> NODES.stringNode("x".repeat(10_000)), () -> NODES.stringNode("ü".repeat(3000)),
                () -> NODES.stringNode("x".repeat(100_000)), () -> NODES.stringNode("😀\u202e\ufeff"),
                () -> NODES.stringNode("\ud800"), () -> NODES.stringNode("<script>alert(1)</script>"),
                () -> NODES.stringNode("${jndi:ldap://x}"), () -> NODES.stringNode("%s%n%x"),
                () -> NODES.stringNode("../../etc/passwd"), () -> NODES.stringNode("' or 1=1 --"),
                () -> NODES.stringNode("2026-13-45T25:61:00Z"), () -> NODES.stringNode("2026-01-01"),
                () -> NODES.stringNode("2026-01-01T00:00:00"), () -> NODES.stringNode("+999999999-12-31T23:59:59Z"),
                () -> NODES.stringNode("-999999999-01-01T00:00:00Z"), () -> NODES.stringNode("1970-01-01T00:00:00Z"),
                () -> NODES.stringNode("2026-02-30T00:00:00Z"), () -> NODES.stringNode("yesterday"),
                () -> NODES.stringNode("P9999999999999999D"), () -> NODES.stringNode("PT-1H"), () -> NODES.stringNode("P"),
                () -> NODES.stringNode("1h"), () -> NODES.stringNode("PT0S"), () -> NODES.stringNode("P1000000000D"),
                () -> NODES.stringNode("PT9223372036854775807S"), () -> NODES.stringNode("25:00"),
                () -> NODES.stringNode("Mars/Olympus"), () -> NODES.stringNode("-1"),
                () -> NODES.stringNode("9".repeat(400)), () -> NODES.stringNode("1e400"),
                NODES::arrayNode, () -> NODES.arrayNode().addNull(), () -> NODES.arrayNode().add(1).add(2),
                () -> NODES.arrayNode().add("x".repeat(1000)), NODES::objectNode,
                () -> NODES.objectNode().set("a", NODES.objectNode()), () -> NODES.objectNode().putNull("k"),
                () -> NODES.objectNode().put("", ""), () -> {
                    ArrayNode many = NODES.arrayNode();
                    for (int i = 0; i < 10_000; i++) {
                        many.add("v" + i);
                    }
                    return many;
                }, () -> {
                    JsonNode deep = NODES.arrayNode();
                    for (int i = 0; i < 400; i++) { // Jackson writes at most 500 levels; deeper ones are sent as text
                        deep = NODES.arrayNode().add(deep);
                    }
                    return deep;
                });
        return Arbitraries.oneOf(Arbitraries.of(values).map(Supplier::get),
                Arbitraries.strings().ofMaxLength(40).map(s -> (JsonNode) NODES.stringNode(s)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)));
    }

    // ---- encoding ----

    /** Percent-encodes text the way a careful client would, as UTF-8. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Text as raw bytes on the wire: each char's low byte, so non-ASCII text becomes odd bytes. */
    private static String latin1(String text) {
        var out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            char b = (char) (c & 0xff);
            out.append(b == '\r' || b == '\n' ? 'x' : b);
        });
        return out.toString();
    }
}
