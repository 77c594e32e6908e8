package dev.slipway.web;

import static org.awaitility.Awaitility.await;

import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantRequest;
import dev.slipway.access.Grants;
import dev.slipway.deploy.Deployments;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * The demo organisation (seeded at start) plus a developer of payments with a production grant and a pending access
 * request, a developer in no team, a finance user and an administrator, all with the test password.
 */
final class HomeFixture {

    static final String DEVELOPER = "dana-home";
    static final String NEWCOMER = "nora-home";
    static final String FINANCE = "finn-home";
    static final String ADMIN = "ada-home";

    private static boolean ready;

    private HomeFixture() {
    }

    static synchronized void prepare(ApplicationContext context, int port) throws InterruptedException {
        if (ready) {
            return;
        }
        var users = new TestUsers(context, port);
        users.person(DEVELOPER, Role.DEVELOPER);
        users.member("payments", DEVELOPER, TeamRole.MEMBER);
        users.person(NEWCOMER, Role.DEVELOPER);
        users.person(FINANCE, Role.FINANCE);
        users.person(ADMIN, Role.ADMIN);
        var access = context.getBean(AccessPolicy.class);
        access.asSystem(() -> context.getBean(Grants.class).create(new GrantRequest(DEVELOPER, null,
                List.of(GrantAction.DEPLOY), null, List.of("checkout-api"), List.of("prod"), null, null,
                Duration.ofHours(2), "CHG-7: ship checkout-api 1.1.0")));
        var request = new HttpApi(port).withToken(users.token(DEVELOPER, null, Scope.ACCESS_REQUEST))
                .post("/api/v1/access/requests", """
                        {"actions": ["deploy"], "services": ["payment-gateway"], "environments": ["prod"],
                         "duration": "PT1H", "reason": "INC-9: card processor timeout"}""");
        if (request.status() != 201) {
            throw new IllegalStateException("Could not request access: " + request.body());
        }
        // The demo deploys checkout-api 1.1.0 to Development and Staging at start; the home page shows them once done.
        var deployments = context.getBean(Deployments.class);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> access.asSystem(() -> deployments.running(List.of("checkout-api"))).size() >= 2);
        ready = true;
    }
}
