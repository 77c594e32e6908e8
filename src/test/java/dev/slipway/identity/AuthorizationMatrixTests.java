package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.Releases;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint and every portal form action, read from the request mappings, against every
 * kind of caller. A new endpoint without a rule here fails the test. Allowed callers must get past
 * authorization (no 401/403); refused ones get 401 or 403 (or, for other people's tokens, 404) and
 * change nothing. Each API rule also names the one scope its endpoint needs, so a token holding only
 * that scope is tried too (an internal step asking for another scope would refuse it), and one holding
 * every scope but that one must be refused with {@code insufficient_scope}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthorizationMatrixTests {

    enum Caller {
        ANONYMOUS, ADMIN, OWNING_DEVELOPER, OTHER_DEVELOPER, FINANCE, DISABLED_USER,
        ADMIN_TOKEN, OWNING_DEVELOPER_TOKEN, OTHER_DEVELOPER_TOKEN, FINANCE_TOKEN, TOKEN_WITHOUT_SCOPE,
        TOKEN_OF_OTHER_TEAM, EXPIRED_TOKEN, REVOKED_TOKEN, DISABLED_USERS_TOKEN;

        boolean token() {
            return name().contains("TOKEN");
        }
    }

    static final Set<Caller> PORTAL_CALLERS = EnumSet.of(Caller.ANONYMOUS, Caller.ADMIN, Caller.OWNING_DEVELOPER,
            Caller.OTHER_DEVELOPER, Caller.FINANCE, Caller.DISABLED_USER);
    static final Set<Caller> API_CALLERS = EnumSet.complementOf(EnumSet.of(Caller.ADMIN, Caller.OWNING_DEVELOPER,
            Caller.OTHER_DEVELOPER, Caller.FINANCE, Caller.DISABLED_USER));

    // Who may do what, by kind of action.
    static final Set<Caller> SIGNED_IN = EnumSet.of(Caller.ADMIN, Caller.OWNING_DEVELOPER, Caller.OTHER_DEVELOPER,
            Caller.FINANCE, Caller.ADMIN_TOKEN, Caller.OWNING_DEVELOPER_TOKEN, Caller.OTHER_DEVELOPER_TOKEN,
            Caller.FINANCE_TOKEN, Caller.TOKEN_WITHOUT_SCOPE, Caller.TOKEN_OF_OTHER_TEAM);
    static final Set<Caller> CATALOG_READERS = without(SIGNED_IN, Caller.TOKEN_WITHOUT_SCOPE);
    static final Set<Caller> OWNING_TEAM = EnumSet.of(Caller.ADMIN, Caller.ADMIN_TOKEN, Caller.OWNING_DEVELOPER,
            Caller.OWNING_DEVELOPER_TOKEN);
    static final Set<Caller> ADMINS = EnumSet.of(Caller.ADMIN, Caller.ADMIN_TOKEN);
    static final Set<Caller> PORTAL_ADMIN = EnumSet.of(Caller.ADMIN);
    static final Set<Caller> TOKEN_OWNER = EnumSet.of(Caller.ADMIN, Caller.OWNING_DEVELOPER,
            Caller.OWNING_DEVELOPER_TOKEN, Caller.TOKEN_WITHOUT_SCOPE, Caller.TOKEN_OF_OTHER_TEAM);

    /**
     * An API endpoint that checks no scope: any token of an allowed owner passes. A token holds at least
     * one scope, so its least-privileged caller holds {@link #ANY_ONE_SCOPE}.
     */
    static final Scope NEEDS_NO_SCOPE = null;
    static final Scope ANY_ONE_SCOPE = Scope.COSTS_READ;

    /**
     * Who may call an endpoint, with what, the one scope a token needs for it (API endpoints only), and
     * the audit action its attempts are recorded under; a read has no event when allowed.
     */
    record Rule(Set<Caller> allowed, Scope scope, String path, String body, boolean hidesFromOthers, String action,
            boolean write, String contentType) {
        Rule(Set<Caller> allowed, Scope scope, String path, String body, boolean hidesFromOthers, String action,
                boolean write) {
            this(allowed, scope, path, body, hidesFromOthers, action, write, MediaType.APPLICATION_JSON_VALUE);
        }

        /** A portal form action: people only, so no scope. */
        static Rule of(Set<Caller> allowed, String path, String body, String action) {
            return of(allowed, null, path, body, action);
        }

        static Rule of(Set<Caller> allowed, Scope scope, String path, String body, String action) {
            return new Rule(allowed, scope, path, body, false, action,
                    !action.equals("catalog.read") && !action.equals("token.list"));
        }

        /** A read that records nothing when allowed, and its refusal under {@code action}. */
        static Rule read(Set<Caller> allowed, Scope scope, String path, String action) {
            return new Rule(allowed, scope, path, null, false, action, false);
        }

        boolean api() {
            return path.startsWith("/api/");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    WebApplicationContext web;

    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;
    TestUsers users;
    final Map<Caller, String> tokens = new LinkedHashMap<>();
    final Map<Caller, MockHttpSession> sessions = new LinkedHashMap<>();
    long victimTokenId;
    long deploymentId;
    long queuedDeploymentId;

    Map<String, Rule> rules() {
        String service = "{\"name\": \"Alpha Service\", \"team\": \"alpha\"}";
        String team = "{\"name\": \"Alpha Team\"}";
        String environment = "{\"name\": \"QA\"}";
        var rules = new LinkedHashMap<String, Rule>();
        rules.put("GET /api/v1/teams", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/teams", null, "catalog.read"));
        rules.put("GET /api/v1/teams/{slug}", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/teams/alpha", null, "catalog.read"));
        rules.put("POST /api/v1/teams", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/teams", "{\"slug\": \"gamma\", \"name\": \"Gamma\"}", "team.create"));
        rules.put("PUT /api/v1/teams/{slug}", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE, "/api/v1/teams/alpha", team, "team.update"));
        rules.put("DELETE /api/v1/teams/{slug}", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/teams/delta", null, "team.delete"));
        rules.put("GET /api/v1/teams/{team}/members", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/teams/alpha/members", null, "catalog.read"));
        rules.put("PUT /api/v1/teams/{team}/members/{username}", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE,
                "/api/v1/teams/alpha/members/matrix-target", "{\"teamRole\": \"MAINTAINER\"}", "team.member-put"));
        rules.put("DELETE /api/v1/teams/{team}/members/{username}", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE,
                "/api/v1/teams/alpha/members/matrix-target", null, "team.member-remove"));
        rules.put("GET /api/v1/services", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/services", null, "catalog.read"));
        rules.put("GET /api/v1/services/{slug}", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/services/alpha-svc", null, "catalog.read"));
        rules.put("POST /api/v1/services", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE, "/api/v1/services",
                "{\"slug\": \"alpha-new\", \"name\": \"Alpha New\", \"team\": \"alpha\"}", "service.create"));
        rules.put("PUT /api/v1/services/{slug}", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE, "/api/v1/services/alpha-svc", service, "service.update"));
        rules.put("DELETE /api/v1/services/{slug}", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE, "/api/v1/services/alpha-spare", null, "service.delete"));
        rules.put("GET /api/v1/environments", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/environments", null, "catalog.read"));
        rules.put("GET /api/v1/environments/{slug}", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/environments/qa", null, "catalog.read"));
        rules.put("POST /api/v1/environments", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/environments",
                "{\"slug\": \"uat\", \"name\": \"UAT\"}", "environment.create"));
        rules.put("PUT /api/v1/environments/{slug}", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/environments/qa", environment, "environment.update"));
        rules.put("DELETE /api/v1/environments/{slug}", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/environments/qa-spare", null, "environment.delete"));
        rules.put("POST /api/v1/tokens", Rule.of(SIGNED_IN, NEEDS_NO_SCOPE, "/api/v1/tokens",
                "{\"name\": \"minted\", \"scopes\": [\"costs:read\"]}", "token.create"));
        rules.put("GET /api/v1/tokens", Rule.of(SIGNED_IN, NEEDS_NO_SCOPE, "/api/v1/tokens", null, "token.list"));
        rules.put("DELETE /api/v1/tokens/{id}", new Rule(TOKEN_OWNER, NEEDS_NO_SCOPE, "/api/v1/tokens/" + victimTokenId, null, true, "token.revoke", true));

        rules.put("GET /api/v1/audit", Rule.of(ADMINS, Scope.AUDIT_READ, "/api/v1/audit", null, "audit.read"));
        rules.put("GET /api/v1/audit/{seq}", Rule.of(ADMINS, Scope.AUDIT_READ, "/api/v1/audit/1", null, "audit.read"));
        rules.put("GET /api/v1/audit/verify", Rule.of(ADMINS, Scope.AUDIT_READ, "/api/v1/audit/verify", null, "audit.verify"));
        rules.put("GET /api/v1/audit/export", Rule.of(ADMINS, Scope.AUDIT_READ, "/api/v1/audit/export?format=ndjson&action=team.create", null, "audit.export"));
        rules.put("POST /audit/verify", Rule.of(PORTAL_ADMIN, "/audit/verify", "", "audit.verify"));

        rules.put("POST /api/v1/services/{service}/releases", Rule.of(OWNING_TEAM, Scope.RELEASES_WRITE, "/api/v1/services/alpha-svc/releases",
                "{\"version\": \"1.0.0\"}", "release.create"));
        rules.put("GET /api/v1/services/{service}/releases", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/services/alpha-svc/releases", null, "catalog.read"));
        rules.put("GET /api/v1/services/{service}/releases/{version}", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/services/alpha-svc/releases/0.9.0", null, "catalog.read"));
        rules.put("POST /services/{slug}/releases", Rule.of(OWNING_TEAM, "/services/alpha-svc/releases", "version=1.0.1", "release.create"));

        String settings = "{\"replicas\": 1, \"containerPort\": 8080, \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", "
                + "\"memoryRequest\": \"128Mi\", \"memoryLimit\": \"256Mi\", \"rolloutTimeoutSeconds\": 60}";
        rules.put("POST /api/v1/deployments", Rule.of(OWNING_TEAM, Scope.DEPLOYMENTS_WRITE, "/api/v1/deployments",
                "{\"service\": \"alpha-svc\", \"environment\": \"qa\", \"version\": \"0.9.0\"}", "deployment.create"));
        rules.put("GET /api/v1/deployments", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/deployments", null, "catalog.read"));
        rules.put("GET /api/v1/deployments/{id}", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/deployments/" + deploymentId, null, "catalog.read"));
        rules.put("GET /api/v1/deployments/{id}/events", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/deployments/" + deploymentId + "/events", null, "catalog.read"));
        rules.put("GET /api/v1/deployments/{id}/manifest", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/deployments/" + deploymentId + "/manifest", null, "catalog.read"));
        rules.put("POST /api/v1/deployments/{id}/cancel", Rule.of(OWNING_TEAM, Scope.DEPLOYMENTS_WRITE, "/api/v1/deployments/" + queuedDeploymentId + "/cancel", "", "deployment.cancel"));
        rules.put("POST /api/v1/deployments/{id}/rollback", Rule.of(OWNING_TEAM, Scope.DEPLOYMENTS_WRITE, "/api/v1/deployments/" + deploymentId + "/rollback", "{}", "deployment.rollback"));
        rules.put("GET /api/v1/services/{service}/environments/{environment}/settings", Rule.of(CATALOG_READERS, Scope.CATALOG_READ,
                "/api/v1/services/alpha-svc/environments/qa/settings", null, "catalog.read"));
        rules.put("PUT /api/v1/services/{service}/environments/{environment}/settings", Rule.of(OWNING_TEAM, Scope.CATALOG_WRITE,
                "/api/v1/services/alpha-svc/environments/qa/settings", settings, "deploy-settings.update"));
        rules.put("POST /services/{slug}/deployments", Rule.of(OWNING_TEAM, "/services/alpha-svc/deployments", "version=0.9.0&environment=qa", "deployment.create"));
        rules.put("POST /deployments/{id}/cancel", Rule.of(OWNING_TEAM, "/deployments/" + deploymentId + "/cancel", "", "deployment.cancel"));
        rules.put("POST /deployments/{id}/rollback", Rule.of(OWNING_TEAM, "/deployments/" + deploymentId + "/rollback", "", "deployment.rollback"));

        String freeze = "{\"from\": \"2020-01-01T00:00:00Z\", \"to\": \"2020-01-02T00:00:00Z\", \"reason\": \"past\"}";
        rules.put("GET /api/v1/environments/{environment}/freezes", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/environments/qa/freezes", null, "catalog.read"));
        rules.put("POST /api/v1/environments/{environment}/freezes", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/environments/qa/freezes", freeze, "freeze.create"));
        rules.put("DELETE /api/v1/environments/{environment}/freezes/{id}", Rule.of(ADMINS, Scope.CATALOG_WRITE, "/api/v1/environments/qa/freezes/900002", null, "freeze.delete"));
        rules.put("GET /api/v1/drift", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/drift", null, "catalog.read"));
        rules.put("GET /api/v1/metrics/delivery", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/metrics/delivery",
                null, "catalog.read"));
        rules.put("POST /environments/{slug}/freezes", Rule.of(PORTAL_ADMIN, "/environments/qa/freezes", "from=2020-01-01T00:00&to=2020-01-02T00:00&reason=past", "freeze.create"));
        rules.put("POST /environments/{slug}/freezes/{id}/delete", Rule.of(PORTAL_ADMIN, "/environments/qa/freezes/900002/delete", "", "freeze.delete"));

        rules.put("POST /services/{slug}/environments/{environment}/settings", Rule.of(OWNING_TEAM,
                "/services/alpha-svc/environments/qa/settings", "replicas=2&containerPort=8080&cpuRequest=100m&cpuLimit=1"
                        + "&memoryRequest=128Mi&memoryLimit=256Mi&rolloutTimeoutSeconds=60", "deploy-settings.update"));

        rules.put("POST /services", Rule.of(OWNING_TEAM, "/services", "slug=alpha-new&name=Alpha+New&team=alpha&lifecycle=experimental", "service.create"));
        rules.put("POST /services/{slug}", Rule.of(OWNING_TEAM, "/services/alpha-svc", "name=Alpha+Service&team=alpha&lifecycle=production", "service.update"));
        rules.put("POST /services/{slug}/delete", Rule.of(OWNING_TEAM, "/services/alpha-spare/delete", "", "service.delete"));
        rules.put("POST /teams", Rule.of(ADMINS, "/teams", "slug=gamma&name=Gamma", "team.create"));
        rules.put("POST /teams/{slug}", Rule.of(OWNING_TEAM, "/teams/alpha", "name=Alpha+Team", "team.update"));
        rules.put("POST /teams/{slug}/delete", Rule.of(ADMINS, "/teams/delta/delete", "", "team.delete"));
        rules.put("POST /teams/{slug}/members", Rule.of(OWNING_TEAM, "/teams/alpha/members", "username=matrix-target&teamRole=MAINTAINER", "team.member-put"));
        rules.put("POST /teams/{slug}/members/{username}/delete", Rule.of(OWNING_TEAM, "/teams/alpha/members/matrix-target/delete", "", "team.member-remove"));
        rules.put("POST /environments", Rule.of(ADMINS, "/environments", "slug=uat&name=UAT", "environment.create"));
        rules.put("POST /environments/{slug}", Rule.of(ADMINS, "/environments/qa", "name=QA", "environment.update"));
        rules.put("POST /environments/{slug}/delete", Rule.of(ADMINS, "/environments/qa-spare/delete", "", "environment.delete"));
        rules.put("POST /account/password", Rule.of(SIGNED_IN, "/account/password",
                "currentPassword=wrong&newPassword=x&repeatPassword=x", "user.password-change"));
        rules.put("POST /account/tokens", Rule.of(SIGNED_IN, "/account/tokens", "name=minted&scopes=costs:read&lifetimeDays=7", "token.create"));
        rules.put("POST /account/tokens/{id}/revoke", new Rule(TOKEN_OWNER, null, "/account/tokens/" + victimTokenId + "/revoke", "", true, "token.revoke", true));
        rules.put("POST /admin/users", Rule.of(PORTAL_ADMIN, "/admin/users", "username=matrix-new&displayName=New&password=a-long-enough-password", "user.create"));
        rules.put("POST /admin/users/{username}", Rule.of(PORTAL_ADMIN, "/admin/users/matrix-target", "displayName=Target&roles=DEVELOPER", "user.update"));
        rules.put("POST /admin/users/{username}/enabled", Rule.of(PORTAL_ADMIN, "/admin/users/matrix-target/enabled", "enabled=false", "user.disable"));
        Set<Caller> portalFinance = EnumSet.of(Caller.ADMIN, Caller.FINANCE);
        rules.put("POST /costs/imports", Rule.of(portalFinance, "/costs/imports", "", "cost.import"));
        rules.put("POST /costs/allocation/keys", Rule.of(portalFinance, "/costs/allocation/keys",
                "team=team&project=project&service=service&environment=env", "cost-allocation.update"));
        rules.put("POST /costs/allocation/aliases", Rule.of(portalFinance, "/costs/allocation/aliases",
                "dimension=team&tagValue=matrix-tag&target=alpha", "cost-alias.create"));
        rules.put("POST /costs/allocation/aliases/{id}/delete", Rule.of(portalFinance,
                "/costs/allocation/aliases/999999/delete", "", "cost-alias.delete"));
        rules.put("POST /costs/allocation/rules", Rule.of(portalFinance, "/costs/allocation/rules",
                "name=Matrix&matchProject=platform&method=PROPORTIONAL", "cost-shared-rule.create"));
        rules.put("POST /costs/allocation/rules/{id}/delete", Rule.of(portalFinance,
                "/costs/allocation/rules/999999/delete", "", "cost-shared-rule.delete"));
        rules.put("POST /costs/budgets", Rule.of(portalFinance, "/costs/budgets",
                "scopeType=team&scope=beta&currency=USD&monthlyAmount=100&actualThresholds=80&forecastThresholds=100",
                "cost-budget.create"));
        rules.put("POST /costs/budgets/{id}/delete", Rule.of(portalFinance, "/costs/budgets/900032/delete", "",
                "cost-budget.delete"));
        rules.put("POST /costs/budgets/check", Rule.of(portalFinance, "/costs/budgets/check", "", "cost-alert.check"));
        rules.put("POST /admin/service-accounts", Rule.of(PORTAL_ADMIN, "/admin/service-accounts", "username=matrix-ci&displayName=CI&team=alpha", "service-account.create"));
        rules.put("POST /admin/service-accounts/{username}/tokens", Rule.of(PORTAL_ADMIN, "/admin/service-accounts/alpha-ci/tokens", "name=ci&scopes=catalog:read&lifetimeDays=7", "token.create"));
        rules.put("POST /admin/service-accounts/{username}/tokens/{id}/revoke", new Rule(PORTAL_ADMIN, null,
                "/admin/service-accounts/alpha-ci/tokens/" + victimTokenId + "/revoke", "", true, "token.revoke", true));

        String accessRequest = "{\"actions\": [\"deploy\"], \"services\": [\"alpha-svc\"], \"environments\": [\"matrix-prod\"], "
                + "\"duration\": \"PT1H\", \"reason\": \"matrix\"}";
        String grant = "{\"grantee\": \"matrix-target\", \"actions\": [\"deploy\"], \"services\": [\"alpha-svc\"], "
                + "\"environments\": [\"matrix-prod\"], \"duration\": \"PT1H\", \"reason\": \"matrix\"}";
        Set<Caller> requesters = EnumSet.of(Caller.ADMIN, Caller.ADMIN_TOKEN, Caller.OWNING_DEVELOPER,
                Caller.OWNING_DEVELOPER_TOKEN);
        Set<Caller> nobody = EnumSet.noneOf(Caller.class);
        // Grant 900020 and request 900021 are matrix-target's in alpha, which matrix-dev-a maintains; others get 404.
        Set<Caller> accessReaders = EnumSet.of(Caller.ADMIN_TOKEN, Caller.OWNING_DEVELOPER_TOKEN);
        rules.put("GET /api/v1/access/grants", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/access/grants", null, "catalog.read"));
        rules.put("GET /api/v1/access/grants/mine", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/access/grants/mine", null, "catalog.read"));
        rules.put("GET /api/v1/access/grants/{id}", new Rule(accessReaders, Scope.CATALOG_READ, "/api/v1/access/grants/900020", null, true, "access-grant.read", false));
        rules.put("POST /api/v1/access/grants", Rule.of(ADMINS, Scope.ACCESS_ADMIN, "/api/v1/access/grants", grant, "access-grant.create"));
        rules.put("POST /api/v1/access/grants/{id}/revoke", Rule.of(ADMINS, Scope.ACCESS_ADMIN, "/api/v1/access/grants/900020/revoke", "{}", "access-grant.revoke"));
        rules.put("GET /api/v1/access/requests", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/access/requests", null, "catalog.read"));
        rules.put("GET /api/v1/access/requests/waiting", Rule.of(CATALOG_READERS, Scope.CATALOG_READ, "/api/v1/access/requests/waiting", null, "catalog.read"));
        rules.put("GET /api/v1/access/requests/{id}", new Rule(accessReaders, Scope.CATALOG_READ, "/api/v1/access/requests/900021", null, true, "access-request.read", false));
        rules.put("POST /api/v1/access/requests", Rule.of(requesters, Scope.ACCESS_REQUEST, "/api/v1/access/requests", accessRequest, "access-request.create"));
        rules.put("POST /api/v1/access/requests/{id}/approve", Rule.of(ADMINS, Scope.ACCESS_ADMIN, "/api/v1/access/requests/900021/approve", "{}", "access-request.approve"));
        rules.put("POST /api/v1/access/requests/{id}/deny", Rule.of(ADMINS, Scope.ACCESS_ADMIN, "/api/v1/access/requests/900021/deny", "{}", "access-request.deny"));
        rules.put("POST /api/v1/access/requests/{id}/withdraw", Rule.of(nobody, Scope.ACCESS_REQUEST, "/api/v1/access/requests/900021/withdraw", "", "access-request.withdraw"));
        rules.put("POST /access/requests", Rule.of(requesters, "/access/requests",
                "actions=deploy&services=alpha-svc&environments=matrix-prod&duration=PT1H&reason=matrix", "access-request.create"));
        rules.put("POST /access/requests/{id}/approve", Rule.of(PORTAL_ADMIN, "/access/requests/900021/approve", "comment=ok", "access-request.approve"));
        rules.put("POST /access/requests/{id}/deny", Rule.of(PORTAL_ADMIN, "/access/requests/900021/deny", "comment=no", "access-request.deny"));
        rules.put("POST /access/requests/{id}/withdraw", Rule.of(nobody, "/access/requests/900021/withdraw", "", "access-request.withdraw"));
        rules.put("POST /access/grants", Rule.of(PORTAL_ADMIN, "/access/grants",
                "granteeKind=user&grantee=matrix-target&actions=deploy&services=alpha-svc&environments=matrix-prod&duration=PT1H&reason=matrix",
                "access-grant.create"));
        rules.put("POST /access/grants/{id}/revoke", Rule.of(PORTAL_ADMIN, "/access/grants/900020/revoke", "reason=matrix", "access-grant.revoke"));

        String webhook = "name=Matrix&url=https://hooks.example.com/hook&events=access-request.create";
        rules.put("POST /admin/webhooks", Rule.of(PORTAL_ADMIN, "/admin/webhooks", webhook, "webhook.create"));
        rules.put("POST /admin/webhooks/{id}", Rule.of(PORTAL_ADMIN, "/admin/webhooks/900010", webhook, "webhook.update"));
        rules.put("POST /admin/webhooks/{id}/delete", Rule.of(PORTAL_ADMIN, "/admin/webhooks/900010/delete", "", "webhook.delete"));
        rules.put("POST /admin/webhooks/{id}/enabled", Rule.of(PORTAL_ADMIN, "/admin/webhooks/900010/enabled", "enabled=false", "webhook.disable"));
        rules.put("POST /admin/webhooks/{id}/test", Rule.of(PORTAL_ADMIN, "/admin/webhooks/900010/test", "", "webhook.test"));
        rules.put("POST /admin/webhooks/{id}/deliveries/{delivery}/retry", Rule.of(PORTAL_ADMIN,
                "/admin/webhooks/900010/deliveries/900011/retry", "", "webhook.retry"));
        rules.putAll(costRules());
        return rules;
    }

    Map<String, Rule> costRules() {
        Set<Caller> costs = EnumSet.of(Caller.ADMIN_TOKEN, Caller.FINANCE_TOKEN);
        // Developers read their own teams' costs; a token restricted to a team none of its owner's is refused.
        Set<Caller> teamCosts = EnumSet.of(Caller.ADMIN_TOKEN, Caller.FINANCE_TOKEN, Caller.OWNING_DEVELOPER_TOKEN,
                Caller.OTHER_DEVELOPER_TOKEN, Caller.TOKEN_WITHOUT_SCOPE);
        Set<Caller> alphaCosts = EnumSet.of(Caller.ADMIN_TOKEN, Caller.FINANCE_TOKEN, Caller.OWNING_DEVELOPER_TOKEN,
                Caller.TOKEN_WITHOUT_SCOPE);
        String bill = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,"
                + "ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,"
                + "ListCost,ContractedCost,InvoiceIssuerName,PricingQuantity,PricingUnit,ProviderName,PublisherName,"
                + "ServiceCategory,ServiceName,Tags\n"
                + "matrix,Matrix,USD,2026-06-01T00:00:00Z,2026-07-01T00:00:00Z,Usage,,VM,2026-06-02T00:00:00Z,"
                + "2026-06-02T01:00:00Z,1.00,1.00,1.00,1.00,Acme,1,Hours,Acme,Acme,Compute,VM,\"{\"\"team\"\":\"\"alpha\"\"}\"\n";
        String budget = "{\"scopeType\": \"team\", \"scope\": \"beta\", \"currency\": \"USD\", \"monthlyAmount\": 100}";
        var rules = new LinkedHashMap<String, Rule>();
        rules.put("GET /api/v1/costs", Rule.read(teamCosts, Scope.COSTS_READ, "/api/v1/costs", "cost.read"));
        rules.put("GET /api/v1/costs/estimates", Rule.read(costs, Scope.COSTS_READ, "/api/v1/costs/estimates", "cost.read"));
        rules.put("GET /api/v1/costs/movers", Rule.read(teamCosts, Scope.COSTS_READ, "/api/v1/costs/movers", "cost.read"));
        rules.put("GET /api/v1/costs/export", Rule.read(costs, Scope.COSTS_READ, "/api/v1/costs/export?from=2026-06-01&to=2026-07-01",
                "cost.export"));
        rules.put("GET /api/v1/cost-imports", Rule.read(costs, Scope.COSTS_READ, "/api/v1/cost-imports", "cost-import.list"));
        rules.put("GET /api/v1/cost-imports/{id}", Rule.read(costs, Scope.COSTS_READ, "/api/v1/cost-imports/900030", "cost-import.read"));
        rules.put("POST /api/v1/cost-imports", new Rule(costs, Scope.COSTS_WRITE, "/api/v1/cost-imports", bill, false, "cost.import", true,
                "text/csv"));
        rules.put("GET /api/v1/cost-allocation", Rule.read(costs, Scope.COSTS_READ, "/api/v1/cost-allocation", "cost-allocation.read"));
        rules.put("PUT /api/v1/cost-allocation/keys", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/cost-allocation/keys",
                "{\"team\": [\"team\", \"squad\"], \"project\": [], \"service\": [], \"environment\": []}",
                "cost-allocation.update"));
        rules.put("POST /api/v1/cost-allocation/aliases", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/cost-allocation/aliases",
                "{\"dimension\": \"team\", \"tagValue\": \"Alpha Squad\", \"target\": \"alpha\"}", "cost-alias.create"));
        rules.put("DELETE /api/v1/cost-allocation/aliases/{id}", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/cost-allocation/aliases/900031",
                null, "cost-alias.delete"));
        rules.put("POST /api/v1/cost-allocation/shared-rules", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/cost-allocation/shared-rules",
                "{\"name\": \"Matrix\", \"matchProject\": \"shared\", \"method\": \"PROPORTIONAL\"}",
                "cost-shared-rule.create"));
        rules.put("DELETE /api/v1/cost-allocation/shared-rules/{id}", Rule.of(costs, Scope.COSTS_WRITE,
                "/api/v1/cost-allocation/shared-rules/900033", null, "cost-shared-rule.delete"));
        rules.put("POST /api/v1/cost-allocation/recompute", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/cost-allocation/recompute", "",
                "cost-allocation.recompute"));
        rules.put("GET /api/v1/cost-allocation/recomputations/{id}", Rule.read(costs, Scope.COSTS_READ,
                "/api/v1/cost-allocation/recomputations/900034", "cost-allocation.read"));
        rules.put("GET /api/v1/budgets", Rule.read(teamCosts, Scope.COSTS_READ, "/api/v1/budgets", "cost-budget.list"));
        rules.put("GET /api/v1/budgets/{id}", Rule.read(alphaCosts, Scope.COSTS_READ, "/api/v1/budgets/900032", "cost-budget.read"));
        rules.put("POST /api/v1/budgets", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/budgets", budget, "cost-budget.create"));
        rules.put("PUT /api/v1/budgets/{id}", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/budgets/900032",
                "{\"scopeType\": \"team\", \"scope\": \"alpha\", \"currency\": \"USD\", \"monthlyAmount\": 200}",
                "cost-budget.update"));
        rules.put("DELETE /api/v1/budgets/{id}", Rule.of(costs, Scope.COSTS_WRITE, "/api/v1/budgets/900032", null, "cost-budget.delete"));
        rules.put("GET /api/v1/cost-alerts", Rule.read(teamCosts, Scope.COSTS_READ, "/api/v1/cost-alerts", "cost-alert.list"));
        return rules;
    }

    @BeforeEach
    void callers() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();
        users = new TestUsers(context, port);
        resetCatalog();
        users.person("matrix-admin", Role.ADMIN);
        users.person("matrix-dev-a", Role.DEVELOPER);
        users.person("matrix-dev-b", Role.DEVELOPER);
        users.person("matrix-finance", Role.FINANCE);
        users.person("matrix-gone", Role.DEVELOPER);
        users.person("matrix-target", Role.DEVELOPER);
        resetMemberships();
        jdbc.sql("update app_user set enabled = true where username = 'matrix-gone'").update();
        TestIdentity.actAsSystem();
        try {
            if (jdbc.sql("select count(*) from app_user where username = 'alpha-ci'").query(Long.class).single() == 0) {
                context.getBean(UserDirectory.class).createServiceAccount("alpha-ci", "Alpha CI", "alpha");
            }
        } finally {
            TestIdentity.clear();
        }
        tokens.put(Caller.ADMIN_TOKEN, users.token("matrix-admin", null, Scope.values()));
        tokens.put(Caller.OWNING_DEVELOPER_TOKEN, users.token("matrix-dev-a", null, Scope.values()));
        tokens.put(Caller.OTHER_DEVELOPER_TOKEN, users.token("matrix-dev-b", null, Scope.values()));
        tokens.put(Caller.FINANCE_TOKEN, users.token("matrix-finance", null, Scope.values()));
        tokens.put(Caller.TOKEN_WITHOUT_SCOPE, users.token("matrix-dev-a", null, Scope.COSTS_READ));
        tokens.put(Caller.TOKEN_OF_OTHER_TEAM, users.token("matrix-dev-a", "beta", Scope.values()));
        tokens.put(Caller.EXPIRED_TOKEN, users.token("matrix-dev-a", null, Scope.values()));
        tokens.put(Caller.REVOKED_TOKEN, users.token("matrix-dev-a", null, Scope.values()));
        tokens.put(Caller.DISABLED_USERS_TOKEN, users.token("matrix-gone", null, Scope.values()));
        String victim = users.token("matrix-dev-a", null, Scope.CATALOG_READ);
        victimTokenId = jdbc.sql("select id from api_token where secret_hash = ?").param(TokenSecrets.hash(victim))
                .query(Long.class).single();
        jdbc.sql("update api_token set expires_at = now() - interval '1 day' where secret_hash = ?")
                .param(TokenSecrets.hash(tokens.get(Caller.EXPIRED_TOKEN))).update();
        jdbc.sql("update api_token set revoked_at = now() where secret_hash = ?")
                .param(TokenSecrets.hash(tokens.get(Caller.REVOKED_TOKEN))).update();

        sessions.put(Caller.ADMIN, signIn("matrix-admin"));
        sessions.put(Caller.OWNING_DEVELOPER, signIn("matrix-dev-a"));
        sessions.put(Caller.OTHER_DEVELOPER, signIn("matrix-dev-b"));
        sessions.put(Caller.FINANCE, signIn("matrix-finance"));
        sessions.put(Caller.DISABLED_USER, signIn("matrix-gone"));
        users.disable("matrix-gone");
    }

    @Test
    void everyEndpointHasARule() {
        Set<String> endpoints = endpoints();
        assertThat(rules().keySet()).as("rules for endpoints that no longer exist").isSubsetOf(endpoints);
        assertThat(endpoints).as("endpoints without a rule in this test").isSubsetOf(rules().keySet());
    }

    @Test
    void everyApiRuleNamesTheScopeItsEndpointNeeds() {
        var scopeless = rules().entrySet().stream()
                .filter(e -> e.getValue().api() && e.getValue().scope() == NEEDS_NO_SCOPE).map(Map.Entry::getKey).toList();
        // A token manages its owner's own tokens whatever its scopes.
        assertThat(scopeless).containsExactlyInAnyOrder("POST /api/v1/tokens", "GET /api/v1/tokens",
                "DELETE /api/v1/tokens/{id}");
    }

    @Test
    void everyCallerGetsWhatTheRuleSays() throws Exception {
        var failures = new ArrayList<String>();
        for (var entry : rules().entrySet()) {
            String endpoint = entry.getKey();
            Rule rule = entry.getValue();
            boolean api = rule.path().startsWith("/api/");
            for (Caller caller : api ? API_CALLERS : PORTAL_CALLERS) {
                resetCatalog();
                resetMemberships();
                if (caller == Caller.DISABLED_USER) {
                    sessions.put(caller, sessionOfADisabledUser());
                }
                String before = fingerprint();
                long lastEvent = lastEvent();
                MvcResult result = mvc.perform(requestFor(endpoint, rule, caller)).andReturn();
                String auditProblem = auditProblem(rule, caller, result, events(lastEvent));
                if (auditProblem != null) {
                    failures.add(endpoint + " as " + caller + " -> " + result.getResponse().getStatus() + " (audit: "
                            + auditProblem + ")");
                }
                int status = result.getResponse().getStatus();
                boolean allowed = rule.allowed().contains(caller);
                String outcome = endpoint + " as " + caller + " -> " + status;
                if (allowed && (status == 401 || status == 403 || isRedirectToLogin(result))) {
                    failures.add(outcome + " (should be allowed)");
                }
                if (!allowed) {
                    if (!refused(result, caller, rule)) {
                        failures.add(outcome + " (should be refused)");
                    } else if (!before.equals(fingerprint())) {
                        failures.add(outcome + " (refused, but something changed)");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * For every API endpoint, a token of a caller the rule allows that holds nothing but the scope the
     * endpoint needs: it must get past authorization everywhere the request goes (an internal re-read
     * that asks for another scope would refuse it), and no denial may be recorded for it.
     */
    @Test
    void aTokenWithOnlyTheScopeAnEndpointNeedsGetsPastAuthorization() throws Exception {
        var failures = new ArrayList<String>();
        for (var entry : rules().entrySet()) {
            String endpoint = entry.getKey();
            Rule rule = entry.getValue();
            Caller holder = leastPrivilegedHolder(rule);
            if (!rule.api() || holder == null) {
                continue;
            }
            Set<Scope> scopes = EnumSet.of(rule.scope() == NEEDS_NO_SCOPE ? ANY_ONE_SCOPE : rule.scope());
            String token = tokenOf(holder, scopes);
            resetCatalog();
            resetMemberships();
            long lastEvent = lastEvent();
            MvcResult result = mvc.perform(requestFor(endpoint, rule, token)).andReturn();
            int status = result.getResponse().getStatus();
            String caller = endpoint + " as " + holder + " with only " + scopes.stream().map(Scope::id).toList();
            if (status == 401 || status == 403) {
                failures.add(caller + " -> " + status + ": " + detail(result));
            }
            String auditProblem = auditProblem(rule, holder, result, events(lastEvent));
            if (auditProblem != null) {
                failures.add(caller + " -> " + status + " (audit: " + auditProblem + ")");
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The same caller with every scope but the one the endpoint needs is refused with 403, told which
     * scope (RFC 6750 insufficient_scope), recorded as a denial, and changes nothing.
     */
    @Test
    void aTokenLackingOnlyTheScopeAnEndpointNeedsIsRefusedAndToldWhichScope() throws Exception {
        var failures = new ArrayList<String>();
        for (var entry : rules().entrySet()) {
            String endpoint = entry.getKey();
            Rule rule = entry.getValue();
            Caller holder = leastPrivilegedHolder(rule);
            if (!rule.api() || holder == null || rule.scope() == NEEDS_NO_SCOPE) {
                continue;
            }
            Set<Scope> scopes = EnumSet.complementOf(EnumSet.of(rule.scope()));
            String token = tokenOf(holder, scopes);
            resetCatalog();
            resetMemberships();
            String before = fingerprint();
            long lastEvent = lastEvent();
            MvcResult result = mvc.perform(requestFor(endpoint, rule, token)).andReturn();
            int status = result.getResponse().getStatus();
            String caller = endpoint + " as " + holder + " without " + rule.scope().id() + " -> " + status;
            String challenge = result.getResponse().getHeader("WWW-Authenticate");
            String expected = "Bearer realm=\"slipway\", error=\"insufficient_scope\", scope=\"" + rule.scope().id() + "\"";
            if (status != 403) {
                failures.add(caller + " (should be 403): " + detail(result));
            } else if (!expected.equals(challenge)) {
                failures.add(caller + " with WWW-Authenticate " + challenge + " (expected " + expected + "): "
                        + detail(result));
            }
            List<String> events = events(lastEvent);
            if (!events.contains(rule.action() + " DENIED")) {
                failures.add(caller + " (audit: expected " + rule.action() + " DENIED, got " + events + ")");
            }
            if (!before.equals(fingerprint())) {
                failures.add(caller + " (refused, but something changed)");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aRefusalForTheOwnersRoleOrTeamIsNotCalledInsufficientScope() throws Exception {
        Rule updateTeam = rules().get("PUT /api/v1/teams/{slug}");
        MvcResult otherTeam = mvc.perform(requestFor("PUT /api/v1/teams/{slug}", updateTeam, Caller.OTHER_DEVELOPER_TOKEN))
                .andReturn();
        MvcResult restricted = mvc.perform(requestFor("PUT /api/v1/teams/{slug}", updateTeam,
                Caller.TOKEN_OF_OTHER_TEAM)).andReturn();

        for (MvcResult result : List.of(otherTeam, restricted)) {
            assertThat(result.getResponse().getStatus()).isEqualTo(403);
            assertThat(result.getResponse().getHeader("WWW-Authenticate")).as(detail(result)).isNull();
        }
    }

    @Test
    void aRefusalOfWhatNoTokenMayDoIsNotCalledInsufficientScope() throws Exception {
        Rule serviceAccountToken = Rule.of(ADMINS, NEEDS_NO_SCOPE, "/api/v1/tokens",
                "{\"name\": \"ci\", \"scopes\": [\"costs:read\"], \"serviceAccount\": \"alpha-ci\"}", "token.create");

        MvcResult result = mvc.perform(requestFor("POST /api/v1/tokens", serviceAccountToken, Caller.ADMIN_TOKEN))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(detail(result)).contains("do it in the portal");
        assertThat(result.getResponse().getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void aRefusalForWantOfAProductionGrantIsNotCalledInsufficientScope() throws Exception {
        Rule deployToProduction = Rule.of(OWNING_TEAM, Scope.DEPLOYMENTS_WRITE, "/api/v1/deployments",
                "{\"service\": \"alpha-svc\", \"environment\": \"matrix-prod\", \"version\": \"0.9.0\"}",
                "deployment.create");

        MvcResult result = mvc.perform(requestFor("POST /api/v1/deployments", deployToProduction,
                Caller.OWNING_DEVELOPER_TOKEN)).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(detail(result)).contains("requiredGrant");
        assertThat(result.getResponse().getHeader("WWW-Authenticate")).isNull();
    }

    /**
     * The caller whose token stands for the least privilege an endpoint allows: the owning developer,
     * finance for cost endpoints, an administrator where only administrators may; null when nobody may.
     */
    private static Caller leastPrivilegedHolder(Rule rule) {
        boolean costs = rule.scope() == Scope.COSTS_READ || rule.scope() == Scope.COSTS_WRITE;
        List<Caller> preference = costs
                ? List.of(Caller.FINANCE_TOKEN, Caller.OWNING_DEVELOPER_TOKEN, Caller.ADMIN_TOKEN)
                : List.of(Caller.OWNING_DEVELOPER_TOKEN, Caller.FINANCE_TOKEN, Caller.ADMIN_TOKEN);
        return preference.stream().filter(rule.allowed()::contains).findFirst().orElse(null);
    }

    private final Map<String, String> scopedTokens = new LinkedHashMap<>();

    /** A token of the holder's owner with exactly these scopes, minted once per test. */
    private String tokenOf(Caller holder, Set<Scope> scopes) {
        String owner = switch (holder) {
            case ADMIN_TOKEN -> "matrix-admin";
            case OWNING_DEVELOPER_TOKEN -> "matrix-dev-a";
            case FINANCE_TOKEN -> "matrix-finance";
            default -> throw new IllegalArgumentException(holder.name());
        };
        return scopedTokens.computeIfAbsent(owner + " " + scopes,
                key -> users.token(owner, null, scopes.toArray(Scope[]::new)));
    }

    private static String detail(MvcResult result) {
        try {
            return result.getResponse().getContentAsString();
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the audit trail must show for this call, or null when it does. */
    private String auditProblem(Rule rule, Caller caller, MvcResult result, List<String> events) {
        int status = result.getResponse().getStatus();
        boolean api = rule.path().startsWith("/api/");
        switch (caller) {
            case ANONYMOUS:
                return events.isEmpty() ? null : "expected no event, got " + events;
            case EXPIRED_TOKEN, REVOKED_TOKEN, DISABLED_USERS_TOKEN:
                return events.equals(List.of("token.invalid DENIED")) ? null : "expected token.invalid DENIED, got " + events;
            case DISABLED_USER:
                return events.equals(List.of("session.ended DENIED")) ? null : "expected session.ended DENIED, got " + events;
            default:
                break;
        }
        if (!rule.allowed().contains(caller)) {
            return events.contains(rule.action() + " DENIED") ? null : "expected " + rule.action() + " DENIED, got " + events;
        }
        if (events.stream().anyMatch(e -> e.endsWith("DENIED"))) {
            return "an allowed call recorded a denial: " + events;
        }
        // Portal forms redirect once done, except those that show a new token's secret once in their answer.
        boolean succeeded = api ? status < 400
                : status == 302 || status == 200 && rule.path().matches("/account/tokens|/admin/service-accounts/[^/]+/tokens");
        if (rule.write() && succeeded && events.stream().noneMatch(e -> e.startsWith(rule.action() + " "))) {
            return "expected " + rule.action() + " SUCCESS or FAILED, got " + events;
        }
        if (!rule.write() && !events.isEmpty()) {
            return "a read recorded " + events;
        }
        return null;
    }

    private long lastEvent() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    private List<String> events(long after) {
        // Slipway's own background work (rollouts of deployments requested earlier) is not the call's doing.
        return jdbc.sql("select action || ' ' || outcome from audit_event where seq > ? and actor_name <> 'slipway' order by seq")
                .param(after).query(String.class).list();
    }

    private boolean refused(MvcResult result, Caller caller, Rule rule) {
        int status = result.getResponse().getStatus();
        if (caller == Caller.ANONYMOUS || caller == Caller.DISABLED_USER) {
            return rule.path().startsWith("/api/") ? status == 401 : isRedirectToLogin(result);
        }
        if (caller == Caller.EXPIRED_TOKEN || caller == Caller.REVOKED_TOKEN || caller == Caller.DISABLED_USERS_TOKEN) {
            return status == 401 && result.getResponse().getHeader("WWW-Authenticate").contains("invalid_token");
        }
        return status == 403 || (rule.hidesFromOthers() && status == 404);
    }

    private static boolean isRedirectToLogin(MvcResult result) {
        String location = result.getResponse().getRedirectedUrl();
        return result.getResponse().getStatus() == 302 && location != null && location.contains("/login");
    }

    private MockHttpServletRequestBuilder requestFor(String endpoint, Rule rule, Caller caller) {
        if (rule.api()) {
            return requestFor(endpoint, rule, caller.token() ? tokens.get(caller) : null);
        }
        HttpMethod method = HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
        MockHttpServletRequestBuilder request = request(method, rule.path())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(rule.body()).with(csrf());
        if (sessions.containsKey(caller)) {
            request.session(sessions.get(caller));
        }
        return request;
    }

    /** An API request with this bearer token, or none. */
    private MockHttpServletRequestBuilder requestFor(String endpoint, Rule rule, String token) {
        HttpMethod method = HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
        MockHttpServletRequestBuilder request = request(method, rule.path());
        if (rule.body() != null) {
            request.contentType(rule.contentType()).content(rule.body());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Set<String> endpoints() {
        var mapping = web.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        var endpoints = new TreeSet<String>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.slipway")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    boolean api = pattern.startsWith("/api/");
                    if (api || method.name().equals("POST")) {
                        endpoints.add(method.name() + " " + pattern);
                    }
                }
            }
        });
        return endpoints;
    }

    /** A session signed in before its user was disabled; each is ended by the first request it makes. */
    private MockHttpSession sessionOfADisabledUser() throws Exception {
        jdbc.sql("update app_user set enabled = true where username = 'matrix-gone'").update();
        MockHttpSession session = signIn("matrix-gone");
        jdbc.sql("update app_user set enabled = false, session_epoch = session_epoch + 1 where username = 'matrix-gone'")
                .update();
        return session;
    }

    private MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestUsers.PASSWORD))
                .andReturn().getRequest().getSession(false);
    }

    /**
     * The catalog through its facades; the deployments, grants, requests, webhooks and cost records the rules name by
     * id are written straight into their tables, with those ids and in states no facade reaches at once.
     */
    private void resetCatalog() {
        // First, so that no webhook is owed for the catalog's changes below.
        jdbc.sql("delete from webhook_endpoint").update();
        // Every deployment ends at once (a service is not deleted while one is underway): in one statement, so the
        // runner never sees a queued one free to start and the deletions below never wait for a rollout.
        jdbc.sql("""
                update deployment set state = case when state = 'QUEUED' then 'CANCELLED' else 'FAILED' end,
                    finished_at = now()
                where state in ('QUEUED', 'APPLYING', 'ROLLING_OUT')""").update();
        var catalog = new TestCatalog(context);
        var access = context.getBean(AccessPolicy.class);
        catalog.deleteAllServices();
        jdbc.sql("delete from access_grant").update();
        jdbc.sql("delete from access_decision").update();
        jdbc.sql("delete from access_request").update();
        catalog.deleteAllEnvironments();
        jdbc.sql("delete from team_membership").update();
        jdbc.sql("delete from app_user where username in ('matrix-new', 'matrix-ci')").update();
        catalog.deleteTeams(slug -> !List.of("alpha", "beta", "delta").contains(slug));
        catalog.team("delta", "delta team");
        var teams = context.getBean(TeamCatalog.class);
        var releases = context.getBean(Releases.class);
        for (String team : List.of("alpha", "beta")) {
            catalog.team(team, team + " team");
            access.asSystem(() -> teams.update(team, new TeamRequest(team, team + " team", null, null)));
            String service = catalog.service(team + "-svc", team + " service", team, Lifecycle.PRODUCTION,
                    "registry.example.com/" + team + "-svc");
            access.asSystem(() -> releases.register(service, release("0.9.0"), null));
        }
        catalog.environment(new EnvironmentRequest("qa", "QA", false, 1, "default", "{team}-qa", false, false, 1, false));
        // What the delete rules delete: qa and alpha-svc have a deployment underway, which a deletion waits for.
        catalog.service("alpha-spare", "alpha spare service", "alpha", Lifecycle.PRODUCTION,
                "registry.example.com/alpha-spare");
        catalog.environment(new EnvironmentRequest("qa-spare", "QA spare", false, 3, "default", "{team}-qa-spare", false,
                false, 1, false));
        // alpha-svc in qa: 0.8.0 then 0.9.0 succeeded (so 900001 can be rolled back), a deployment underway on
        // another worker's lease (so nothing queued here starts during the test) and one queued (to cancel).
        access.asSystem(() -> releases.register("alpha-svc", release("0.8.0"), null));
        jdbc.sql("""
                insert into deployment (id, service_id, environment_id, release_id, state, requested_by_name, created_at,
                    finished_at)
                overriding system value
                select 900000, s.id, e.id, r.id, 'SUCCEEDED', 'seed', now(), now()
                from service s join release r on r.service_id = s.id and r.version = '0.8.0', environment e
                where s.slug = 'alpha-svc' and e.slug = 'qa'""").update();
        deploymentId = jdbc.sql("""
                insert into deployment (id, service_id, environment_id, release_id, state, requested_by_name, created_at,
                    finished_at)
                overriding system value
                select 900001, s.id, e.id, r.id, 'SUCCEEDED', 'seed', now(), now()
                from service s join release r on r.service_id = s.id and r.version = '0.9.0', environment e
                where s.slug = 'alpha-svc' and e.slug = 'qa' returning id""").query(Long.class).single();
        jdbc.sql("""
                insert into deployment (id, service_id, environment_id, release_id, state, requested_by_name, created_at,
                    started_at, worker, lease_until)
                overriding system value
                select 900003, s.id, e.id, r.id, 'APPLYING', 'seed', now(), now(), 'matrix-elsewhere', now() + interval '1 day'
                from service s join release r on r.service_id = s.id and r.version = '0.9.0', environment e
                where s.slug = 'alpha-svc' and e.slug = 'qa'""").update();
        queuedDeploymentId = jdbc.sql("""
                insert into deployment (id, service_id, environment_id, release_id, state, requested_by_name, created_at)
                overriding system value
                select 900004, s.id, e.id, r.id, 'QUEUED', 'seed', now()
                from service s join release r on r.service_id = s.id and r.version = '0.8.0', environment e
                where s.slug = 'alpha-svc' and e.slug = 'qa' returning id""").query(Long.class).single();
        jdbc.sql("""
                insert into freeze_window (id, environment_id, starts_at, ends_at, reason, created_by_name, created_at)
                overriding system value
                select 900002, id, '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', 'past', 'seed', now()
                from environment where slug = 'qa'""").update();
        catalog.environment(new EnvironmentRequest("matrix-prod", "Matrix production", true, 2, "default",
                "{team}-matrix-prod", false, false, 1, false));
        jdbc.sql("""
                insert into access_grant (id, subject_user_id, subject_name, subject_kind, actions, team_slug, services,
                    environments, starts_at, ends_at, reason, created_by_name, created_at)
                overriding system value
                select 900020, id, username, 'PERSON', '{deploy}', 'alpha', '{alpha-svc}', '{matrix-prod}', now(), now() + interval '1 hour',
                    'matrix', 'seed', now() from app_user where username = 'matrix-target'""").update();
        jdbc.sql("""
                insert into access_request (id, requester_id, requester_name, actions, team_slug, services, environments,
                    duration_seconds, reason, state, approvals_required, maintainers_may_approve, created_at, expires_at)
                overriding system value
                select 900021, id, username, '{deploy}', 'alpha', '{alpha-svc}', '{matrix-prod}', 3600, 'matrix', 'PENDING', 1, false,
                    now(), now() + interval '1 hour' from app_user where username = 'matrix-target'""").update();
        jdbc.sql("""
                insert into webhook_endpoint (id, name, url, secret, events, created_at, created_by_name, updated_at)
                overriding system value
                values (900010, 'Matrix hook', 'http://127.0.0.1:1/hook', 'matrix-webhook-secret', '{access-request.create}',
                    now(), 'seed', now())""").update();
        jdbc.sql("""
                insert into webhook_delivery (id, endpoint_id, event, payload, state, attempts, next_attempt_at, created_at)
                overriding system value
                values (900011, 900010, 'access-request.create', '{}', 'FAILED', 12, now(), now())""").update();
        jdbc.sql("update app_user set enabled = true, display_name = username where username = 'matrix-target'").update();
        jdbc.sql("update api_token set revoked_at = null where id = ?").param(victimTokenId).update();
        resetCosts();
    }

    private void resetCosts() {
        // Slipway's scheduled budget check reads these tables and can deadlock with the truncate; the
        // database then aborts one of the two, so the truncate is simply tried again.
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("truncate cost_line_item, cost_rollup_daily, cost_rollup_daily_summary, cost_rollup_monthly, "
                        + "cost_import, cost_tag_alias, cost_shared_rule, cost_recomputation, cost_alert, cost_budget").update();
                break;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        jdbc.sql("delete from cost_allocation_key where tag_key = 'squad'").update();
        jdbc.sql("""
                insert into cost_allocation_key (dimension, position, tag_key) values ('team', 1, 'team')
                on conflict do nothing""").update();
        jdbc.sql("""
                insert into cost_import (id, state, file_names, created_by_name, started_at, heartbeat_at)
                overriding system value values (900030, 'COMMITTED', '["matrix.csv"]', 'seed', now(), now())""").update();
        jdbc.sql("""
                insert into cost_tag_alias (id, dimension, tag_value, target) overriding system value
                values (900031, 'team', 'matrix squad', 'alpha')""").update();
        jdbc.sql("""
                insert into cost_budget (id, scope_type, scope, currency, monthly_amount, actual_thresholds,
                    forecast_thresholds, created_by_name, created_at, updated_at) overriding system value
                values (900032, 'TEAM', 'alpha', 'USD', 100, '{80}', '{100}', 'seed', now(), now())""").update();
        jdbc.sql("""
                insert into cost_shared_rule (id, name, match_project, method, position) overriding system value
                values (900033, 'Matrix shared', 'matrix', 'PROPORTIONAL', 1)""").update();
        jdbc.sql("""
                insert into cost_recomputation (id, state, reason, started_by_name, started_at) overriding system value
                values (900034, 'DONE', 'matrix', 'seed', now())""").update();
    }

    private static ReleaseRequest release(String version) {
        return new ReleaseRequest(version, null, null, null, null, null, null);
    }

    private void resetMemberships() {
        jdbc.sql("delete from team_membership").update();
        insertMember("alpha", "matrix-dev-a", "MAINTAINER");
        insertMember("beta", "matrix-dev-b", "MAINTAINER");
        insertMember("alpha", "matrix-gone", "MEMBER");
        insertMember("alpha", "matrix-target", "MEMBER");
        insertMember("alpha", "alpha-ci", "MEMBER");
    }

    private void insertMember(String team, String username, String role) {
        jdbc.sql("""
                insert into team_membership (team_slug, user_id, team_role, created_at)
                select ?, id, ?, now() from app_user where username = ? on conflict do nothing""")
                .params(team, role, username).update();
    }

    /** What a refused request must leave untouched. */
    private String fingerprint() {
        return String.join("|",
                jdbc.sql("select string_agg(slug || ':' || name || ':' || coalesce(contact, ''), ',' order by slug) from team").query(String.class).single(),
                jdbc.sql("select string_agg(slug || ':' || name || ':' || lifecycle, ',' order by slug) from service").query(String.class).optional().orElse(""),
                jdbc.sql("select count(*) || '' from release").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || string_agg(state, ',' order by id) from deployment").query(String.class).single(),
                jdbc.sql("select count(*) || '' from deploy_settings").query(String.class).single(),
                jdbc.sql("select count(*) || '' from freeze_window").query(String.class).single(),
                jdbc.sql("select string_agg(slug || ':' || name, ',' order by slug) from environment").query(String.class).optional().orElse(""),
                jdbc.sql("select string_agg(team_slug || ':' || user_id || ':' || team_role, ',' order by team_slug, user_id) from team_membership").query(String.class).optional().orElse(""),
                jdbc.sql("select string_agg(username || ':' || enabled || ':' || display_name, ',' order by username) from app_user").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || count(revoked_at) from api_token").query(String.class).single(),
                jdbc.sql("select string_agg(id || ':' || name || ':' || url || ':' || secret || ':' || enabled || ':' || array_to_string(events, ' '), ',' order by id) from webhook_endpoint").query(String.class).optional().orElse(""),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || ':' || state, ',' order by id), '') from webhook_delivery").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || ':' || coalesce(revoked_by_name, '-'), ',' order by id), '') from access_grant").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || ':' || state, ',' order by id), '') from access_request").query(String.class).single(),
                jdbc.sql("select count(*) || '' from access_decision").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(sum(rows_total), 0) from cost_import").query(String.class).single(),
                jdbc.sql("select count(*) || '' from cost_line_item").query(String.class).single(),
                jdbc.sql("select string_agg(dimension || position || tag_key, ',' order by dimension, position) from cost_allocation_key").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || '', ','), '') from cost_tag_alias").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || '', ','), '') from cost_shared_rule").query(String.class).single(),
                jdbc.sql("select count(*) || ':' || coalesce(string_agg(id || ':' || monthly_amount, ','), '') from cost_budget").query(String.class).single(),
                jdbc.sql("select count(*) || '' from cost_recomputation").query(String.class).single());
    }

    private static Set<Caller> without(Set<Caller> callers, Caller excluded) {
        var copy = EnumSet.copyOf(callers);
        copy.remove(excluded);
        return copy;
    }
}
