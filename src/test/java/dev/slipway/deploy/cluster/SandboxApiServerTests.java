package dev.slipway.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxApiServerTests {

    private SandboxApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = SandboxApiServer.start();
        client = server.newClient();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void serverSideApplyCreatesObjectsAndUpdatesThemWhenTheSpecChanges() {
        Deployment created = apply(deployment("shop", "registry.example/shop:1.0", 2));
        Service service = apply(service("shop", 8080));

        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);

        client.apps().deployments().withName("shop")
                .edit(d -> new DeploymentBuilder(d).editMetadata().addToAnnotations("owner", "payments").endMetadata().build());
        Deployment updated = apply(deployment("shop", "registry.example/shop:1.1", 2));
        Service updatedService = apply(service("shop", 9090));

        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/shop:1.1");
        assertThat(updated.getSpec().getReplicas()).isEqualTo(2);
        assertThat(updated.getMetadata().getAnnotations()).containsEntry("owner", "payments");
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(updated.getMetadata().getCreationTimestamp()).isEqualTo(created.getMetadata().getCreationTimestamp());
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(updatedService.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(9090);
        assertThat(updatedService.getSpec().getSelector()).containsEntry("app", "shop");
        assertThat(client.apps().deployments().withName("shop").get().getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void applyingTheSameConfigurationAgainChangesNothing() {
        Deployment first = apply(deployment("shop", "registry.example/shop:1.0", 2));
        Deployment second = apply(deployment("shop", "registry.example/shop:1.0", 2));

        assertThat(second.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void dryRunApplyShowsTheResultWithoutStoringIt() {
        apply(deployment("shop", "registry.example/shop:1.0", 2));

        Deployment preview = client.resource(deployment("shop", "registry.example/shop:2.0", 2))
                .dryRun().fieldManager("slipway").forceConflicts().serverSideApply();
        Deployment newOne = client.resource(deployment("cart", "registry.example/cart:1.0", 1))
                .dryRun().fieldManager("slipway").forceConflicts().serverSideApply();

        assertThat(preview.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(preview.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/shop:2.0");
        assertThat(newOne.getMetadata().getGeneration()).isEqualTo(1L);
        Deployment stored = client.apps().deployments().withName("shop").get();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/shop:1.0");
        assertThat(client.apps().deployments().withName("cart").get()).isNull();
    }

    @Test
    void statusUpdateThroughTheSubresourceChangesOnlyTheStatus() {
        apply(deployment("shop", "registry.example/shop:1.0", 2));
        Deployment withStatusAndOtherSpec = new DeploymentBuilder(deployment("shop", "registry.example/shop:9.9", 7))
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReadyReplicas(2).build())
                .build();

        client.apps().deployments().resource(withStatusAndOtherSpec).patchStatus();

        Deployment stored = client.apps().deployments().withName("shop").get();
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void updatingTheObjectLeavesItsStatusAlone() {
        apply(deployment("shop", "registry.example/shop:1.0", 2));
        client.apps().deployments().withName("shop").editStatus(d -> new DeploymentBuilder(d)
                .withStatus(new DeploymentStatusBuilder().withReadyReplicas(2).build()).build());

        Deployment edited = client.apps().deployments().withName("shop").edit(d -> new DeploymentBuilder(d)
                .editSpec().withReplicas(3).endSpec()
                .withStatus(new DeploymentStatusBuilder().withReadyReplicas(0).build())
                .build());

        assertThat(edited.getSpec().getReplicas()).isEqualTo(3);
        assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(edited.getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void discoveryListsDeploymentsInAppsV1() throws Exception {
        JsonNode groups = getJson("/apis");
        JsonNode resources = getJson("/apis/apps/v1");
        JsonNode core = getJson("/api/v1");

        assertThat(groups.path("groups")).anySatisfy(group -> {
            assertThat(group.path("name").asText()).isEqualTo("apps");
            assertThat(group.path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");
        });
        assertThat(resources.path("groupVersion").asText()).isEqualTo("apps/v1");
        JsonNode deployments = byName(resources, "deployments");
        assertThat(deployments.path("kind").asText()).isEqualTo("Deployment");
        assertThat(deployments.path("namespaced").asBoolean()).isTrue();
        assertThat(deployments.path("verbs")).extracting(JsonNode::asText).contains("get", "list", "watch", "patch");
        assertThat(byName(resources, "deployments/status").path("verbs")).extracting(JsonNode::asText)
                .containsExactly("get", "patch", "update");
        assertThat(byName(core, "namespaces").path("namespaced").asBoolean()).isFalse();
        assertThat(byName(core, "pods").path("namespaced").asBoolean()).isTrue();
        assertThat(getJson("/version").path("major").asText()).isEqualTo("1");
    }

    @Test
    void watchSeesAnAppliedDeploymentAddedAndModified() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch ignored = client.apps().deployments().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                events.add(action + " generation " + deployment.getMetadata().getGeneration());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            apply(deployment("shop", "registry.example/shop:1.0", 2));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED generation 1");

            apply(deployment("shop", "registry.example/shop:1.1", 2));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED generation 2");
        }
    }

    private <T extends HasMetadata> T apply(T object) {
        return client.resource(object).fieldManager("slipway").forceConflicts().serverSideApply();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return new ObjectMapper().readTree(response.body());
    }

    private static JsonNode byName(JsonNode resourceList, String name) {
        return StreamSupport.stream(resourceList.path("resources").spliterator(), false)
                .filter(resource -> resource.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from " + resourceList));
    }

    static Deployment deployment(String name, String image, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("default").addToLabels("app", name).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec()
                .addNewContainer().withName(name).withImage(image).addNewPort().withContainerPort(8080).endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Service service(String name, int targetPort) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort().withName("http").withPort(80).withNewTargetPort(targetPort).endPort()
                .endSpec()
                .build();
    }
}
