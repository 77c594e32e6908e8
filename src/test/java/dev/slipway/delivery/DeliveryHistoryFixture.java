package dev.slipway.delivery;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.PastDeployment;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.testsupport.TestCatalog;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.context.ApplicationContext;

/**
 * A known deployment history, recorded through deploy's history API once per database. Team dl-team's dl-api in the
 * production environment dl-prod, from 2026-03-02 to 2026-03-16 (rework window 2 h):
 *
 * <pre>
 *      release commit        requested      finished       outcome
 * D0   0.9     03-01 08:00   03-01 23:00    03-01 23:30    FAILED (before the range)
 * D1   1.0     03-02 08:00   03-02 10:00    03-02 10:02:10 SUCCEEDED                lead 7330 s
 * D2   1.1     03-02 12:00   03-03 09:00    03-03 09:05    FAILED  (F1)
 * D3   1.2     03-03 10:00   03-03 10:00    03-03 10:10    SUCCEEDED, 55 min after F1: rework; lead 600 s; F1 recovered in 3900 s
 * D4   1.3     03-04 06:00   03-04 12:00    03-04 12:04    SUCCEEDED, rolled back (F2); lead 21840 s
 * D5   1.2     —             03-04 12:30    03-04 12:34    rollback of D4: rework; F2 recovered in 1800 s
 * D6   1.4     03-05 08:00   03-05 09:00    03-05 09:03    FAILED  (F3)
 * D7   1.5     03-05 09:30   03-05 13:00    03-05 13:05    SUCCEEDED, 3 h 57 after F3: no rework; lead 12900 s; F3 in 14520 s
 * D8   1.6     03-10 10:00   03-10 11:00    03-10 11:01    SUCCEEDED                lead 3660 s
 * D9   1.7     (none)        03-12 11:00    03-12 11:02    SUCCEEDED                no lead time
 * D10  1.8     03-15 20:00   03-15 22:00    03-15 22:10    FAILED  (F4)
 * D11  1.9     03-15 23:00   03-16 01:00    03-16 01:10    SUCCEEDED (after the range); F4 recovered in 10800 s
 * </pre>
 *
 * Every deployment starts 10 s after it was requested. Besides: dl-web (dl-team) succeeds once in dl-prod on 03-09
 * (lead 43260 s), dl-other (team dl-other-team) once on 03-11, and dl-api fails once in dl-staging on 03-06.
 */
final class DeliveryHistoryFixture {

    static final LocalDate FROM = LocalDate.parse("2026-03-02");
    static final LocalDate TO = LocalDate.parse("2026-03-16");

    private DeliveryHistoryFixture() {
    }

    static void record(ApplicationContext context) {
        var catalog = new TestCatalog(context);
        catalog.environment(new EnvironmentRequest("dl-staging", "DL Staging", false, null, "default", "{team}-dl-staging"));
        catalog.environment(new EnvironmentRequest("dl-prod", "DL Production", true, null, "default", "{team}-dl-prod"));
        catalog.team("dl-team", "Delivery Team");
        catalog.team("dl-other-team", "Other Team");
        catalog.service("dl-api", "DL API", "dl-team", Lifecycle.PRODUCTION, "registry.example.com/dl/api");
        catalog.service("dl-web", "DL Web", "dl-team", Lifecycle.PRODUCTION, "registry.example.com/dl/web");
        catalog.service("dl-other", "DL Other", "dl-other-team", Lifecycle.PRODUCTION, "registry.example.com/dl/other");
        DeploymentHistory history = context.getBean(DeploymentHistory.class);
        context.getBean(AccessPolicy.class).asSystem(() -> {
            if (!history.finished(new DeploymentHistory.Filter("dl-team", "dl-api", null, at("03-01 00:00"))).isEmpty()) {
                return;
            }
            var api = new Recorder(history, "dl-api", "dl-prod");
            api.deployed(false, "0.9", "03-01 08:00", "03-01 23:00", "03-01 23:30", null);
            api.deployed(true, "1.0", "03-02 08:00", "03-02 10:00", "03-02 10:02:10", null);
            api.deployed(false, "1.1", "03-02 12:00", "03-03 09:00", "03-03 09:05", null);
            api.deployed(true, "1.2", "03-03 10:00", "03-03 10:00", "03-03 10:10", null);
            api.deployed(true, "1.3", "03-04 06:00", "03-04 12:00", "03-04 12:04", null);
            api.deployed(true, "1.2", null, "03-04 12:30", "03-04 12:34", "1.3");
            api.deployed(false, "1.4", "03-05 08:00", "03-05 09:00", "03-05 09:03", null);
            api.deployed(true, "1.5", "03-05 09:30", "03-05 13:00", "03-05 13:05", null);
            api.deployed(true, "1.6", "03-10 10:00", "03-10 11:00", "03-10 11:01", null);
            api.deployed(true, "1.7", null, "03-12 11:00", "03-12 11:02", null);
            api.deployed(false, "1.8", "03-15 20:00", "03-15 22:00", "03-15 22:10", null);
            api.deployed(true, "1.9", "03-15 23:00", "03-16 01:00", "03-16 01:10", null);
            new Recorder(history, "dl-web", "dl-prod").deployed(true, "2.0", "03-09 00:00", "03-09 12:00", "03-09 12:01",
                    null);
            new Recorder(history, "dl-other", "dl-prod").deployed(true, "3.0", "03-11 00:00", "03-11 09:00", "03-11 09:01",
                    null);
            new Recorder(history, "dl-api", "dl-staging").deployed(false, "1.4", null, "03-06 09:00", "03-06 09:02", null);
        });
    }

    private record Recorder(DeploymentHistory history, String service, String environment) {

        void deployed(boolean succeeded, String version, String commit, String requested, String finished,
                String rollbackOf) {
            history.record(new PastDeployment(service, environment, version, commit == null ? null : at(commit),
                    at(requested), at(requested).plusSeconds(10), at(finished), succeeded,
                    succeeded ? null : "CrashLoopBackOff: container " + service + " exited with code 1", rollbackOf));
        }
    }

    /** "03-04 12:04" or "03-02 10:02:10", in March 2026, UTC. */
    static Instant at(String monthDayTime) {
        String time = monthDayTime.substring(6);
        return Instant.parse("2026-" + monthDayTime.substring(0, 5) + "T" + (time.length() == 5 ? time + ":00" : time)
                + "Z");
    }
}
