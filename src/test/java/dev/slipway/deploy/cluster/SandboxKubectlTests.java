package dev.slipway.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxKubectlTests {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: checkout
              labels:
                app: checkout
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: checkout
              template:
                metadata:
                  labels:
                    app: checkout
                spec:
                  containers:
                    - name: checkout
                      image: registry.example/checkout:2.3.0
                      ports:
                        - containerPort: 8080
            """;

    @TempDir
    Path workDir;

    private SandboxApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        server = SandboxApiServer.start();
        client = server.newClient();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            client.close();
            server.close();
        }
    }

    @Test
    void kubectlServerSideApplyCreatesTheDeployment() throws Exception {
        Path manifest = Files.writeString(workDir.resolve("deployment.yaml"), DEPLOYMENT);

        Result apply = kubectl("apply", "--server-side", "-f", manifest.toString());
        Result get = kubectl("get", "deployment", "checkout", "-o", "json");

        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("deployment.apps/checkout serverside-applied");
        assertThat(get.exitCode()).as(get.output()).isZero();
        JsonNode fromKubectl = new ObjectMapper().readTree(get.output());
        assertThat(fromKubectl.path("metadata").path("generation").asLong()).isEqualTo(1);
        Deployment stored = client.apps().deployments().inNamespace("default").withName("checkout").get();
        assertThat(stored).isNotNull();
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/checkout:2.3.0");
    }

    @Test
    void kubectlRolloutStatusFollowsASimulatedRolloutToTheEnd() throws Exception {
        Path manifest = Files.writeString(workDir.resolve("deployment.yaml"), DEPLOYMENT);
        try (RolloutSimulator simulator = new RolloutSimulator(client, Duration.ofSeconds(2))) {
            simulator.start();
            assertThat(kubectl("apply", "--server-side", "-f", manifest.toString()).exitCode()).isZero();

            Result status = kubectl("rollout", "status", "deployment/checkout", "--timeout=30s");

            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output()).contains("deployment \"checkout\" successfully rolled out");
        }
    }

    @Test
    void kubectlListsThePodsAndReplicaSetsOfARollout() throws Exception {
        Path manifest = Files.writeString(workDir.resolve("deployment.yaml"), DEPLOYMENT);
        try (RolloutSimulator simulator = new RolloutSimulator(client, Duration.ofSeconds(1))) {
            simulator.start();
            assertThat(kubectl("apply", "--server-side", "-f", manifest.toString()).exitCode()).isZero();
            assertThat(kubectl("rollout", "status", "deployment/checkout", "--timeout=30s").exitCode()).isZero();

            Result pods = kubectl("get", "pods");
            Result replicaSets = kubectl("get", "rs");

            assertThat(pods.exitCode()).as(pods.output()).isZero();
            // The sandbox serves no server-side tables, so kubectl shows names and ages only.
            assertThat(pods.output()).containsPattern("checkout-[a-z0-9]+-[a-z0-9]{5}");
            assertThat(replicaSets.exitCode()).as(replicaSets.output()).isZero();
            assertThat(replicaSets.output()).contains("checkout-");
        }
    }

    @Test
    void kubectlDescribesAPodWithItsEventsAndShowsItsLogs() throws Exception {
        Path manifest = Files.writeString(workDir.resolve("deployment.yaml"), DEPLOYMENT);
        try (RolloutSimulator simulator = new RolloutSimulator(client, Duration.ofSeconds(1))) {
            simulator.start();
            assertThat(kubectl("apply", "--server-side", "-f", manifest.toString()).exitCode()).isZero();
            assertThat(kubectl("rollout", "status", "deployment/checkout", "--timeout=30s").exitCode()).isZero();
            Thread.sleep(500);
            String pod = client.pods().inNamespace("default").list().getItems().get(0).getMetadata().getName();

            Result describe = kubectl("describe", "pod", pod);
            Result logs = kubectl("logs", pod);

            assertThat(describe.exitCode()).as(describe.output()).isZero();
            assertThat(describe.output()).contains("sandbox-node").contains("Scheduled").contains("Started");
            assertThat(logs.exitCode()).as(logs.output()).isZero();
            assertThat(logs.output()).contains("Listening on port 8080");
        }
    }

    @Test
    void kubectlScaleChangesTheReplicaCount() throws Exception {
        Path manifest = Files.writeString(workDir.resolve("deployment.yaml"), DEPLOYMENT);
        assertThat(kubectl("apply", "--server-side", "-f", manifest.toString()).exitCode()).isZero();

        Result scale = kubectl("scale", "deployment/checkout", "--replicas=5");

        assertThat(scale.exitCode()).as(scale.output()).isZero();
        Deployment stored = client.apps().deployments().inNamespace("default").withName("checkout").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(5);
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void kubectlReportsAMissingDeploymentAsNotFound() throws Exception {
        Result get = kubectl("get", "deployment", "nowhere");

        assertThat(get.exitCode()).isNotZero();
        assertThat(get.output()).contains("NotFound", "deployments.apps \"nowhere\" not found");
    }

    private Result kubectl(String... arguments) throws IOException, InterruptedException {
        Path kubeconfig = workDir.resolve("kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.createFile(kubeconfig);
        }
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(),
                "--kubeconfig=" + kubeconfig,
                "--server=" + server.url(),
                "--cache-dir=" + workDir.resolve("cache")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("kubectl %s finished in time: %s", String.join(" ", arguments), output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
