package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.testsupport.TestCatalog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

// The delivery tests' context (a fresh database and a 2 h rework window), so the two start one context between them.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slipway.delivery.rework-window=2h")
class DeploymentHistoryTests {

    private static final Instant T = Instant.parse("2026-02-02T10:00:00Z");

    @Autowired
    ApplicationContext context;

    @Autowired
    DeploymentHistory history;

    @Autowired
    DeploymentStore store;

    @BeforeEach
    void catalog() {
        var catalog = new TestCatalog(context);
        catalog.environment(new EnvironmentRequest("hist-env", "History", false, null, "default", "{team}-hist"));
        catalog.team("hist-team", "History Team");
        catalog.service("hist-svc", "History Service", "hist-team", Lifecycle.PRODUCTION, "registry.example.com/hist");
        TestIdentity.actAsSystem();
    }

    @AfterEach
    void clear() {
        TestIdentity.clear();
    }

    private List<FinishedDeployment> finished() {
        return history.finished(new DeploymentHistory.Filter("hist-team", "hist-svc", "hist-env", T.minusSeconds(1)));
    }

    @Test
    void aPastDeploymentIsReadBackOnceHoweverManyEventsItHas() {
        long id = history.record(new PastDeployment("hist-svc", "hist-env", "4.0.0", T.minusSeconds(3600), T,
                T.plusSeconds(5), T.plusSeconds(65), false, "CrashLoopBackOff", null));
        for (int i = 0; i < 5; i++) {
            store.note(id, "PROGRESS", "pod restarted " + i);
        }

        assertThat(finished()).filteredOn(d -> d.id() == id).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(DeploymentState.FAILED);
            assertThat(d.version()).isEqualTo("4.0.0");
            assertThat(d.commitTime()).isEqualTo(T.minusSeconds(3600));
            assertThat(d.requestedAt()).isEqualTo(T);
            assertThat(d.startedAt()).isEqualTo(T.plusSeconds(5));
            assertThat(d.finishedAt()).isEqualTo(T.plusSeconds(65));
            assertThat(d.failedChange()).isTrue();
        });
    }

    @Test
    void aRollbackNamesTheDeploymentItUndidWhichIsThenRolledBack() {
        history.record(new PastDeployment("hist-svc", "hist-env", "5.0.0", null, T.plusSeconds(600),
                T.plusSeconds(601), T.plusSeconds(660), true, null, null));
        long bad = history.record(new PastDeployment("hist-svc", "hist-env", "5.1.0", null, T.plusSeconds(700),
                T.plusSeconds(701), T.plusSeconds(760), true, null, null));
        long rollback = history.record(new PastDeployment("hist-svc", "hist-env", "5.0.0", null, T.plusSeconds(800),
                T.plusSeconds(801), T.plusSeconds(860), true, null, "5.1.0"));

        assertThat(finished()).filteredOn(d -> d.id() == bad).singleElement()
                .satisfies(d -> assertThat(d.rolledBack()).isTrue());
        assertThat(finished()).filteredOn(d -> d.id() == rollback).singleElement().satisfies(d -> {
            assertThat(d.rollback()).isTrue();
            assertThat(d.rolledBack()).isFalse();
        });
    }

    @Test
    void timesOutOfOrderOrInTheFutureAreRefused() {
        assertThatThrownBy(() -> history.record(new PastDeployment("hist-svc", "hist-env", "6.0.0", null, T,
                T.minusSeconds(1), T.plusSeconds(10), true, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("finishedAt"));
        Instant future = Instant.now().plusSeconds(3600);
        assertThatThrownBy(() -> history.record(new PastDeployment("hist-svc", "hist-env", "6.0.0", null, future,
                future, future.plusSeconds(10), true, null, null)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(finished()).extracting(FinishedDeployment::version).doesNotContain("6.0.0");
    }
}
