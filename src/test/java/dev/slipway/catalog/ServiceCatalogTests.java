package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.testsupport.TestCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceCatalogTests {

    @Autowired
    ServiceCatalog services;

    @Autowired
    TeamCatalog teams;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @org.junit.jupiter.api.AfterEach
    void signOut() {
        TestIdentity.clear();
    }

    @BeforeEach
    void team() {
        TestIdentity.actAsSystem();
        var catalog = new TestCatalog(context);
        catalog.deleteAllServices();
        catalog.deleteTeams(slug -> true);
        teams.create(new TeamRequest("payments", "Payments", null, null));
    }

    @Test
    void searchTreatsWildcardCharactersLiterally() {
        create("rate-limit", "Rate_Limit 100%");
        create("ratexlimit", "RateXLimit 1000");

        assertThat(slugs("rate_limit")).containsExactly("rate-limit");
        assertThat(slugs("100%")).containsExactly("rate-limit");
        assertThat(slugs("RATE")).containsExactly("rate-limit", "ratexlimit");
    }

    @Test
    void costTagsAreReplacedWholeOnUpdateAndRemovedWithTheService() {
        services.create(new ServiceRequest("checkout", "Checkout", "payments", null, null, null, null,
                Map.of("project", "checkout", "cost-center", "cc-1")));

        services.update("checkout", new ServiceRequest(null, "Checkout", "payments", null, null, null, null,
                Map.of("project", "orders")));

        assertThat(services.get("checkout").costTags()).containsExactly(Map.entry("project", "orders"));
        services.delete("checkout");
        assertThat(jdbc.sql("select count(*) from service_cost_tag").query(Long.class).single()).isZero();
    }

    @Test
    void lifecycleDefaultsToExperimental() {
        assertThat(create("new-thing", "New Thing").lifecycle()).isEqualTo(Lifecycle.EXPERIMENTAL);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        assertThatThrownBy(() -> services.create(new ServiceRequest("-bad-", "", "", null, "ftp:/x", "Upper/Case",
                null, Map.of("ok", "fine", "Bad", ""))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("slug", "name", "team", "repositoryUrl", "imageRepository", "costTags[Bad]"));
        assertThat(services.count()).isZero();
    }

    @Test
    void namesAreUniqueRegardlessOfCase() {
        create("checkout", "Checkout");

        assertThatThrownBy(() -> create("checkout-2", "CHECKOUT")).isInstanceOf(ConflictException.class);
    }

    private ServiceView create(String slug, String name) {
        return services.create(new ServiceRequest(slug, name, "payments", null, null, null, null, Map.of()));
    }

    private List<String> slugs(String query) {
        return services.list(new ServiceFilter(query, null, null), PageRequest.ofSize(25)).getContent().stream()
                .map(ServiceView::slug).toList();
    }
}
