package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReleaseApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    HttpApi ci;

    @BeforeEach
    void pipeline() {
        jdbc.sql("delete from release").update();
        var catalog = new TestCatalog(context);
        catalog.team("shop", "Shop");
        catalog.service("cart", "Cart", "shop", Lifecycle.PRODUCTION, "registry.example.com/shop/cart");
        catalog.service("imageless", "Imageless", "shop", Lifecycle.EXPERIMENTAL, null);
        var users = new TestUsers(context, port);
        users.person("shop-dev", Role.DEVELOPER);
        users.member("shop", "shop-dev", TeamRole.MEMBER);
        ci = new HttpApi(port).withToken(users.token("shop-dev", "shop", Scope.RELEASES_WRITE, Scope.CATALOG_READ));
    }

    @Test
    void registeredReleaseAddsTagAndDigestToTheServicesImageRepository() {
        var response = ci.post("/api/v1/services/cart/releases", """
                {"version": "2.1.0", "digest": "sha256:%s", "gitSha": "0123456789abcdef0123456789abcdef01234567",
                 "notes": "Faster checkout", "link": "https://git.example.com/shop/cart/commit/0123456"}""".formatted("a".repeat(64)));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/services/cart/releases/2.1.0");
        assertThat(response.json().get("image").asString())
                .isEqualTo("registry.example.com/shop/cart:2.1.0@sha256:" + "a".repeat(64));
        assertThat(response.json().get("createdBy").asString()).isEqualTo("shop-dev");
        assertThat(ci.get("/api/v1/services/cart/releases/2.1.0").json().get("notes").asString()).isEqualTo("Faster checkout");
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyReturnsTheFirstRelease() {
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "build-4711");
        var first = ci.send("POST", "/api/v1/services/cart/releases", "{\"version\": \"3.0.0\"}", headers);
        var retry = ci.send("POST", "/api/v1/services/cart/releases", "{\"version\": \"3.0.0\"}", headers);
        var misuse = ci.send("POST", "/api/v1/services/cart/releases", "{\"version\": \"3.0.1\"}", headers);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(misuse.status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from release").query(Long.class).single()).isOne();
    }

    @Test
    void theSameKeyWithAChangedBodyIsAConflictThatSaysSo() {
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "build-4712");
        ci.send("POST", "/api/v1/services/cart/releases", "{\"version\": \"3.1.0\", \"notes\": \"first\"}", headers);

        var changed = ci.send("POST", "/api/v1/services/cart/releases",
                "{\"version\": \"3.1.0\", \"notes\": \"second\"}", headers);

        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("detail").asString()).contains("build-4712").contains("notes");
        assertThat(ci.get("/api/v1/services/cart/releases/3.1.0").json().get("notes").asString()).isEqualTo("first");
    }

    @Test
    void concurrentRetriesWithOneKeyAllGetTheFirstRelease() throws Exception {
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "build-4713");
        var pool = Executors.newFixedThreadPool(12);
        var calls = new ArrayList<Callable<HttpApi.Response>>();
        for (int i = 0; i < 48; i++) {
            calls.add(() -> ci.send("POST", "/api/v1/services/cart/releases", "{\"version\": \"4.0.0\"}", headers));
        }
        var answers = new ArrayList<HttpApi.Response>();
        for (var future : pool.invokeAll(calls)) {
            answers.add(future.get());
        }
        pool.shutdown();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> "false".equals(a.header("Idempotent-Replayed")))).hasSize(1);
    }

    @Test
    void releasesNeverChangeSoAVersionIsRegisteredOnce() {
        ci.post("/api/v1/services/cart/releases", "{\"version\": \"1.0.0\"}");

        var again = ci.post("/api/v1/services/cart/releases", "{\"version\": \"1.0.0\", \"tag\": \"other\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertThat(ci.get("/api/v1/services/cart/releases/1.0.0").json().get("image").asString()).endsWith(":1.0.0");
    }

    @Test
    void badReleasesAreRefusedWithTheFieldAtFault() {
        var badVersion = ci.post("/api/v1/services/cart/releases", "{\"version\": \"not a version\"}");
        var badDigest = ci.post("/api/v1/services/cart/releases", "{\"version\": \"1.0.0\", \"digest\": \"md5:abc\"}");
        var noImage = ci.post("/api/v1/services/imageless/releases", "{\"version\": \"1.0.0\"}");
        var noService = ci.post("/api/v1/services/nope/releases", "{\"version\": \"1.0.0\"}");

        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badDigest.json().get("errors").get(0).get("field").asString()).isEqualTo("digest");
        assertThat(noImage.json().get("errors").get(0).get("field").asString()).isEqualTo("image");
        assertThat(noService.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from release").query(Long.class).single()).isZero();
    }

    @Test
    void releasesAreListedNewestFirst() {
        ci.post("/api/v1/services/cart/releases", "{\"version\": \"1.0.0\"}");
        ci.post("/api/v1/services/cart/releases", "{\"version\": \"1.1.0\"}");

        var list = ci.get("/api/v1/services/cart/releases").json();

        assertThat(list.get("items").get(0).get("version").asString()).isEqualTo("1.1.0");
        assertThat(list.get("totalItems").asLong()).isEqualTo(2);
    }
}
