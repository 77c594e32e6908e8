package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ClusterFaultTests {

    @Test
    void serverErrorsAndRateLimitsAreTransientAndSayWhat() {
        var unavailable = ClusterFault.of(failure(new StatusBuilder().withCode(503).withMessage("etcd is away")
                .withNewDetails().withRetryAfterSeconds(4).endDetails().build()));
        // The API server's rate limiting answers in plain text, which fabric8 turns into a Status without message.
        var limited = ClusterFault.of(failure(new StatusBuilder().withCode(429).build()));

        assertThat(unavailable).isEqualTo(new ClusterFault(ClusterFault.Kind.TRANSIENT,
                "The cluster answered HTTP 503 (etcd is away)", Duration.ofSeconds(4)));
        assertThat(limited.transientFault()).isTrue();
        assertThat(limited.description()).isEqualTo("The cluster answered HTTP 429 (Too Many Requests)");
        assertThat(limited.asked(Duration.ofSeconds(2)).askedWait()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aClusterThatDoesNotAnswerIsTransientHoweverTheClientWrapsIt() {
        var refused = ClusterFault.of(new CompletionException(new ConnectException()));

        assertThat(refused).isEqualTo(new ClusterFault(ClusterFault.Kind.TRANSIENT,
                "The cluster could not be reached (could not connect)", null));
    }

    @Test
    void aFieldManagerConflictIsARefusalNamingEachFieldAndItsManager() {
        var conflict = ClusterFault.of(failure(new StatusBuilder().withCode(409).withReason("Conflict")
                .withNewDetails()
                .addNewCause().withReason("FieldManagerConflict").withField(".spec.replicas")
                .withMessage("conflict with \"kubectl-edit\" using apps/v1").endCause()
                .addNewCause().withReason("FieldManagerConflict").withField(".metadata.labels.tier")
                .withMessage("conflict with \"gitops\"").endCause()
                .endDetails().build()));

        assertThat(conflict.kind()).isEqualTo(ClusterFault.Kind.REFUSED);
        assertThat(conflict.description()).startsWith("Another field manager owns fields Slipway applies: "
                + ".spec.replicas (kubectl-edit), .metadata.labels.tier (gitops). ");
    }

    @Test
    void aConflictOnTheObjectsVersionIsTriedAgain() {
        var modified = ClusterFault.of(failure(new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("the object has been modified; please apply your changes to the latest version").build()));

        assertThat(modified.transientFault()).isTrue();
    }

    @Test
    void otherClientErrorsAreRefusalsWithTheServersMessage() {
        var invalid = ClusterFault.of(failure(new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("spec.replicas: Invalid value: -1").build()));

        assertThat(invalid).isEqualTo(new ClusterFault(ClusterFault.Kind.REFUSED,
                "The cluster refused the change (HTTP 422): spec.replicas: Invalid value: -1", null));
    }

    @Test
    void anythingElseIsSlipwaysOwnFailure() {
        assertThat(ClusterFault.of(new IllegalStateException("the manifest holds no Deployment")).kind())
                .isEqualTo(ClusterFault.Kind.INTERNAL);
    }

    private static KubernetesClientException failure(Status status) {
        return new KubernetesClientException(status);
    }
}
