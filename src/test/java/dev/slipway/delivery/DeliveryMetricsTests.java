package dev.slipway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** Each figure of a known history (see {@link DeliveryHistoryFixture}), computed over real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = DeliveryMetricsTests.REWORK_WINDOW)
class DeliveryMetricsTests {

    /** Also gives the delivery tests a context and database of their own, where dl-prod is the only production environment. */
    static final String REWORK_WINDOW = "slipway.delivery.rework-window=2h";

    @Autowired
    ApplicationContext context;

    @Autowired
    DeliveryMetrics metrics;

    @BeforeEach
    void history() {
        DeliveryHistoryFixture.record(context);
        TestIdentity.actAsSystem();
    }

    @AfterEach
    void clear() {
        TestIdentity.clear();
    }

    private DeliveryFigures api() {
        return report("dl-team", "dl-api", null).overall();
    }

    private DeliveryReport report(String team, String service, String environment) {
        return metrics.report(new DeliveryQuery(team, service, environment, DeliveryHistoryFixture.FROM,
                DeliveryHistoryFixture.TO));
    }

    @Test
    void productionIsTheEnvironmentWhenNoneIsNamed() {
        assertThat(report("dl-team", "dl-api", null).environment()).isEqualTo("dl-prod");
    }

    @Test
    void deploymentFrequencyCountsSuccessfulDeploymentsFinishedInTheRange() {
        DeliveryFigures figures = api();
        assertThat(figures.deployments()).isEqualTo(10);
        assertThat(figures.successes()).isEqualTo(7);
        assertThat(figures.deploymentsPerDay()).isCloseTo(0.5, within(1e-9));
        assertThat(figures.deploymentsPerWeek()).isCloseTo(3.5, within(1e-9));
        assertThat(figures.deploymentFrequencyBand()).isEqualTo(DoraBand.HIGH);
    }

    @Test
    void leadTimeRunsFromTheReleaseCommitToSuccessLeavingOutRollbacksAndUnknownCommits() {
        DeliveryFigures figures = api();
        assertThat(figures.leadTimeMedianSeconds()).isEqualTo(7330.0);
        // 600, 3660, 7330, 12900, 21840: the 90th percentile lies 0.6 of the way from 12900 to 21840.
        assertThat(figures.leadTimeP90Seconds()).isCloseTo(18264.0, within(1e-6));
        assertThat(figures.leadTimeBand()).isEqualTo(DoraBand.ELITE);
    }

    @Test
    void changeFailRateCountsEachFailedOrRolledBackDeploymentOnce() {
        DeliveryFigures figures = api();
        assertThat(figures.failedChanges()).isEqualTo(4);
        assertThat(figures.changeFailRate()).isEqualTo(0.4);
        assertThat(figures.changeFailRateBand()).isEqualTo(DoraBand.LOW);
    }

    @Test
    void recoveryPairsEachFailureWithTheNextSuccessThatHeldEvenAfterTheRange() {
        DeliveryFigures figures = api();
        // 1800 (rolled back), 3900, 10800 (recovered after the range), 14520.
        assertThat(figures.recovered()).isEqualTo(4);
        assertThat(figures.unrecovered()).isZero();
        assertThat(figures.recoveryMedianSeconds()).isEqualTo(7350.0);
        assertThat(figures.recoveryBand()).isEqualTo(DoraBand.HIGH);
    }

    @Test
    void reworkCountsRollbacksAndDeploymentsRequestedWithinTheWindowAfterAFailure() {
        DeliveryFigures figures = api();
        assertThat(figures.rework()).isEqualTo(2);
        assertThat(figures.reworkRate()).isEqualTo(0.2);
    }

    @Test
    void deploymentTimeIsTheMedianFromStartToFinish() {
        assertThat(api().deploymentTimeMedianSeconds()).isEqualTo(230.0);
    }

    @Test
    void aTeamReportHasEveryServiceOfTheTeamAndNoOther() {
        DeliveryReport team = report("dl-team", null, null);
        assertThat(team.overall().deployments()).isEqualTo(11);
        assertThat(team.overall().successes()).isEqualTo(8);
        // 600, 3660, 7330, 12900, 21840, 43260.
        assertThat(team.overall().leadTimeMedianSeconds()).isEqualTo(10115.0);
        assertThat(team.services()).extracting(DeliveryReport.Group::name).containsExactly("dl-api", "dl-web");
        assertThat(team.services().get(0).figures()).isEqualTo(api());
        assertThat(team.teams()).extracting(DeliveryReport.Group::name).containsExactly("dl-team");
    }

    @Test
    void withoutFiltersEveryTeamHasItsRow() {
        DeliveryReport all = report(null, null, null);
        assertThat(all.overall().deployments()).isEqualTo(12);
        assertThat(all.teams()).extracting(DeliveryReport.Group::name).containsExactly("dl-other-team", "dl-team");
        assertThat(all.teams().get(0).figures().deployments()).isEqualTo(1);
    }

    @Test
    void anotherEnvironmentHasItsOwnFigures() {
        DeliveryFigures staging = report("dl-team", "dl-api", "dl-staging").overall();
        assertThat(staging.deployments()).isEqualTo(1);
        assertThat(staging.changeFailRate()).isEqualTo(1.0);
        assertThat(staging.recoveryMedianSeconds()).isNull();
        assertThat(staging.unrecovered()).isEqualTo(1);
        assertThat(staging.recoveryBand()).isNull();
        assertThat(staging.leadTimeMedianSeconds()).isNull();
    }

    @Test
    void weeksRunFromMondayToSunday() {
        DeliveryReport report = report("dl-team", "dl-api", null);
        assertThat(report.weeks()).extracting(DeliveryReport.Week::start)
                .containsExactly(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-09"));
        assertThat(report.weeks()).extracting(w -> w.figures().deployments()).containsExactly(7, 3);
        assertThat(report.weeks()).extracting(w -> w.figures().successes()).containsExactly(5, 2);
        assertThat(report.weeks()).extracting(w -> w.figures().failedChanges()).containsExactly(3, 1);
    }

    @Test
    void aRangeWithNothingInItHasNoFiguresToMeasure() {
        DeliveryFigures empty = metrics.report(new DeliveryQuery("dl-team", null, null, LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-02-01"))).overall();
        assertThat(empty.deployments()).isZero();
        assertThat(empty.changeFailRate()).isNull();
        assertThat(empty.reworkRate()).isNull();
        assertThat(empty.deploymentFrequencyBand()).isEqualTo(DoraBand.LOW);
    }

    @Test
    void namesThatDoNotExistAreReportedUnderTheirParameter() {
        assertThatThrownBy(() -> report("nope", "dl-other", "nowhere"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("team", "service", "environment"));
        assertThatThrownBy(() -> report("dl-team", "dl-other", null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("service",
                                "service 'dl-other' belongs to team 'dl-other-team', not 'dl-team'")));
    }
}
