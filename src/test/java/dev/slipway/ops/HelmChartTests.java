package dev.slipway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.slipway.deploy.cluster.SandboxApiServer;
import dev.slipway.testsupport.SlipwayChildProcess;
import dev.slipway.testsupport.TestPostgres;
import dev.slipway.testsupport.TestPostgres.Database;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart that runs Slipway on Kubernetes, linted and rendered by real Helm (its Go library through
 * helm-java), every rendered object read back by fabric8 and applied to the sandbox API server.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("deploy/helm/slipway");
    private static final String RELEASE = "slipway";
    private static final String NAMESPACE = "platform";

    private static final String THREE_REPLICAS = """
            replicaCount: 3
            image:
              repository: registry.example/platform/slipway
              tag: "1.4.0"
            database:
              url: jdbc:postgresql://db.example:5432/slipway?sslmode=require
              existingSecret: slipway-db
              usernameKey: username
              passwordKey: password
              maximumPoolSize: 20
            trustedProxies: ["10.244.0.0/16", "fd00::/8"]
            rbac:
              namespaces: [payments-dev, payments-prod]
            config:
              slipway.audit.retention: 400d
            resources:
              requests: {cpu: "1", memory: 2Gi}
              limits: {memory: 2Gi}
            podDisruptionBudget:
              maxUnavailable: 1
            ingress:
              enabled: true
              className: nginx
              host: slipway.example.com
              tlsSecret: slipway-tls
            """;

    @TempDir
    Path work;

    @Test
    void chartLintsWithoutFailures() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultValuesRunOneReplicaInClusterWithTheProbesOnTheManagementPort() {
        Rendered chart = render(null);

        Deployment deployment = chart.one(Deployment.class);
        Container slipway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(slipway.getImage()).isEqualTo("slipway:0.1.0-SNAPSHOT");
        assertThat(slipway.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("http=8080", "management=8081");
        assertProbe(slipway.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(slipway.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(slipway.getReadinessProbe(), "/actuator/health/readiness");
        assertThat(slipway.getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("1Gi"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(RELEASE);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
        assertThat(chart.properties()).contains(
                "spring.datasource.url=jdbc:postgresql://postgresql:5432/slipway",
                "management.server.port=8081",
                "slipway.deploy.clusters.default.in-cluster=true",
                "slipway.trusted-proxies=");
        assertThat(env(slipway, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("slipway-database/password"));
        assertThat(chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(chart.all(Ingress.class)).isEmpty();
    }

    @Test
    void aValuesFileRunsThreeReplicasAgainstTheExternalDatabaseSecretWithItsResources() throws IOException {
        Rendered chart = render(THREE_REPLICAS);

        Deployment deployment = chart.one(Deployment.class);
        Container slipway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(slipway.getImage()).isEqualTo("registry.example/platform/slipway:1.4.0");
        assertThat(env(slipway, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("slipway-db/password"));
        assertThat(env(slipway, "SPRING_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("slipway-db/username"));
        assertThat(slipway.getEnv()).noneMatch(e -> e.getName().contains("PASSWORD") && e.getValue() != null);
        assertThat(slipway.getResources().getRequests())
                .containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("2Gi"));
        assertThat(slipway.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(chart.properties()).contains(
                "spring.datasource.url=jdbc:postgresql://db.example:5432/slipway?sslmode=require",
                "spring.datasource.hikari.maximum-pool-size=20",
                "slipway.trusted-proxies=10.244.0.0/16,fd00::/8",
                "slipway.audit.retention=400d");
        assertThat(chart.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Ingress ingress = chart.one(Ingress.class);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("slipway.example.com");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("slipway-tls");
    }

    @Test
    void aKubeconfigSecretIsMountedWhenSlipwayDeploysToAnotherCluster() throws IOException {
        Rendered chart = render("""
                cluster: {name: prod-eu, inCluster: false, kubeconfigSecret: prod-eu-kubeconfig, context: admin@prod-eu}
                rbac: {create: false}
                """);

        var pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(chart.properties()).contains(
                "slipway.deploy.clusters.prod-eu.kubeconfig=/etc/slipway/kubeconfig/config",
                "slipway.deploy.clusters.prod-eu.context=admin@prod-eu");
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null
                && "prod-eu-kubeconfig".equals(v.getSecret().getSecretName()));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(chart.objects()).noneMatch(o -> o.getApiVersion().startsWith("rbac."));
    }

    @Test
    void everyCallSlipwayMakesIsGrantedInEveryNamespaceByDefault() {
        var rbac = new RbacRules(render(null).objects());

        for (String namespace : List.of("payments-dev", "search-prod")) {
            assertThat(rbac.deniedOf(RbacRules.slipwayCalls(namespace), NAMESPACE, RELEASE)).isEmpty();
        }
        assertThat(rbac.allows(NAMESPACE, RELEASE, new RbacRules.Request("delete", "apps", "deployments", "payments-dev",
                "checkout"))).isFalse();
        assertThat(rbac.allows(NAMESPACE, RELEASE, new RbacRules.Request("get", "", "secrets", "payments-dev",
                "db"))).isFalse();
    }

    @Test
    void listedNamespacesAreTheOnlyOnesSlipwayMayWriteTo() throws IOException {
        var rbac = new RbacRules(render(THREE_REPLICAS).objects());

        assertThat(rbac.deniedOf(RbacRules.slipwayCalls("payments-prod"), NAMESPACE, RELEASE))
                .containsExactly(new RbacRules.Request("create", "", "namespaces", null, "payments-prod"));
        assertThat(rbac.deniedOf(RbacRules.slipwayCalls("search-prod"), NAMESPACE, RELEASE)).extracting(
                        RbacRules.Request::verb, RbacRules.Request::resource)
                .containsExactlyInAnyOrder(
                        tuple("create", "namespaces"), tuple("patch", "namespaces"),
                        tuple("create", "deployments"), tuple("patch", "deployments"),
                        tuple("create", "services"), tuple("patch", "services"), tuple("get", "pods/log"));
    }

    @Test
    void everyRenderedObjectAppliesToTheApiServerWithServerSideApply() throws IOException {
        for (String values : new String[] {null, THREE_REPLICAS}) {
            Rendered chart = render(values);
            List<HasMetadata> objects = chart.objects();
            try (SandboxApiServer server = SandboxApiServer.start(); KubernetesClient client = server.newClient()) {
                for (HasMetadata object : objects) {
                    client.resource(object).fieldManager("helm").serverSideApply();
                }

                for (HasMetadata object : objects) {
                    HasMetadata stored = client.resource(object).get();
                    assertThat(stored).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
                    assertThat(stored.getMetadata().getLabels()).isEqualTo(object.getMetadata().getLabels());
                    stored.setMetadata(object.getMetadata()); // the server adds uid, resourceVersion, managedFields
                    assertThat(stored).isEqualTo(object);
                }
                Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get();
                assertThat(deployment.getSpec().getReplicas())
                        .isEqualTo(chart.one(Deployment.class).getSpec().getReplicas());
                assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName(RELEASE).get()).isNotNull();
            }
        }
    }

    @Test
    void slipwayStartsAsThePodRunsItAgainstTheExternalDatabaseAndDeploysInCluster() throws Exception {
        Database database = TestPostgres.newDatabase();
        int managementPort = SlipwayChildProcess.freePort();
        Rendered chart = render("""
                managementPort: %d
                database: {url: "%s", username: "%s", existingSecret: slipway-db, passwordKey: password}
                """.formatted(managementPort, database.url(), database.username()));
        Path mountedConfig = Files.createDirectories(work.resolve("config"));
        Files.writeString(mountedConfig.resolve("application.properties"),
                chart.one(ConfigMap.class).getData().get("application.properties"));
        Map<String, String> secrets = Map.of("slipway-db/password", database.password());

        Map<String, String> environment = new HashMap<>();
        for (EnvVar variable : chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()) {
            var secret = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
            environment.put(variable.getName(), secret == null ? variable.getValue()
                    : secrets.get(secret.getName() + "/" + secret.getKey()));
        }
        // Where the pod mounts the ConfigMap; and what Kubernetes tells every pod about its API server.
        environment.computeIfPresent("SPRING_CONFIG_ADDITIONAL_LOCATION",
                (name, value) -> value.replace("/etc/slipway/config/", mountedConfig + "/"));
        environment.putAll(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", "6443",
                "KUBECONFIG", work.resolve("no-kubeconfig").toString()));
        Path log = work.resolve("slipway.log");
        // A first start migrates an empty database; on a busy machine that outlasts the usual three minutes.
        Process slipway = SlipwayChildProcess.start(log, environment, managementPort, Duration.ofMinutes(8),
                "--logging.level.dev.slipway.deploy=info").process();
        try {
            var liveness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(Files.readString(log)).contains("Cluster 'default' at https://127.0.0.1:6443")
                    .doesNotContain("No cluster configured");
        } finally {
            slipway.destroy();
            slipway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aValueTheSchemaRefusesFailsTheRenderNamingIt() throws IOException {
        Path values = Files.writeString(work.resolve("bad.yaml"), """
                replicaCount: 0
                database: {url: "postgres://db:5432/slipway", existingSecret: slipway-db, passwordKey: password}
                """);

        assertThatThrownBy(() -> Helm.template(CHART.toString()).withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(values).call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaCount")
                .hasMessageContaining("url");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getEnv()));
    }

    private Rendered render(String values) {
        var template = Helm.template(CHART.toString()).withName(RELEASE).withNamespace(NAMESPACE);
        if (values != null) {
            try {
                template.withValuesFile(Files.writeString(Files.createTempFile(work, "values", ".yaml"), values));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Rendered.of(template.call());
    }

    /** What Helm rendered, each document read by fabric8 into its model class. */
    private record Rendered(List<HasMetadata> objects) {

        static Rendered of(String yaml) {
            List<HasMetadata> objects = Serialization.unmarshal(yaml);
            return new Rendered(objects);
        }

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> kind) {
            assertThat(all(kind)).hasSize(1);
            return all(kind).get(0);
        }

        List<String> properties() {
            return one(ConfigMap.class).getData().get("application.properties").lines().toList();
        }
    }
}
