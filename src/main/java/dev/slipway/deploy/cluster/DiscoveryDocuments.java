package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only documents a Kubernetes API server serves besides objects: version, API discovery and the
 * OpenAPI v3 index. kubectl maps a manifest's kind to a URL through discovery, and reads OpenAPI v3 to learn
 * that the server validates fields itself, which spares it from fetching the full OpenAPI v2 schema.
 */
final class DiscoveryDocuments {

    static final String KUBERNETES_VERSION_MAJOR = "1";
    static final String KUBERNETES_VERSION_MINOR = "32";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, String> documents = new LinkedHashMap<>();

    DiscoveryDocuments(List<ApiResourceType> types) {
        Map<String, List<ApiResourceType>> byGroupVersion = new LinkedHashMap<>();
        types.forEach(type -> byGroupVersion.computeIfAbsent(type.groupVersion(), key -> new ArrayList<>()).add(type));

        List<APIGroup> groups = new ArrayList<>();
        ObjectNode openApiPaths = JSON.objectNode();
        byGroupVersion.forEach((groupVersion, members) -> {
            ApiResourceType first = members.get(0);
            put(first.groupVersionPath(), resourceList(groupVersion, members));
            put("/openapi/v3" + first.groupVersionPath(), openApi(members));
            openApiPaths.putObject(first.groupVersionPath().substring(1))
                    .put("serverRelativeURL", "/openapi/v3" + first.groupVersionPath());
            if (!first.group().isEmpty()) {
                APIGroup group = group(first);
                put("/apis/" + first.group(), Serialization.asJson(group));
                groups.add(group);
            }
        });
        put("/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
        put("/apis", Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build()));
        put("/openapi/v3", JSON.objectNode().set("paths", openApiPaths).toString());
        put("/version", version());
        List<String> rootPaths = new ArrayList<>(documents.keySet());
        rootPaths.addAll(List.of("/healthz", "/livez", "/readyz"));
        put("/", Serialization.asJson(new RootPathsBuilder().withPaths(rootPaths.stream().sorted().toList()).build()));
    }

    /** The document served at {@code path} (without query), if it is one of these. */
    Optional<String> find(String path) {
        String withoutTrailingSlash = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return Optional.ofNullable(documents.get(withoutTrailingSlash));
    }

    private void put(String path, String json) {
        documents.put(path, json);
    }

    private static String resourceList(String groupVersion, List<ApiResourceType> members) {
        List<APIResource> resources = new ArrayList<>();
        for (ApiResourceType type : members) {
            resources.add(new APIResourceBuilder()
                    .withName(type.plural())
                    .withSingularName(type.singular())
                    .withNamespaced(type.namespaced())
                    .withKind(type.kind())
                    .withVerbs(ApiResourceType.VERBS)
                    .withShortNames(type.shortNames().isEmpty() ? null : type.shortNames())
                    .withCategories(type.categories().isEmpty() ? null : type.categories())
                    .build());
            for (ApiResourceType.Subresource subresource : ApiResourceType.Subresource.values()) {
                if (type.has(subresource)) {
                    boolean scale = subresource == ApiResourceType.Subresource.SCALE;
                    resources.add(new APIResourceBuilder()
                            .withName(type.plural() + "/" + subresource.path)
                            .withSingularName("")
                            .withNamespaced(type.namespaced())
                            .withGroup(scale ? "autoscaling" : null)
                            .withVersion(scale ? "v1" : null)
                            .withKind(scale ? "Scale" : type.kind())
                            .withVerbs(subresource.verbs)
                            .build());
                }
            }
        }
        return Serialization.asJson(new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build());
    }

    private static APIGroup group(ApiResourceType type) {
        GroupVersionForDiscovery version = new GroupVersionForDiscovery(type.groupVersion(), type.version());
        return new APIGroupBuilder()
                .withName(type.group())
                .withVersions(version)
                .withPreferredVersion(version)
                .build();
    }

    /** Only what kubectl looks for: each kind's PATCH operation and the query parameters it accepts. */
    private static String openApi(List<ApiResourceType> members) {
        ObjectNode document = JSON.objectNode().put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes (Slipway sandbox)").put("version", gitVersion());
        ObjectNode paths = document.putObject("paths");
        for (ApiResourceType type : members) {
            ObjectNode patch = paths.putObject(type.itemPath()).putObject("patch");
            patch.put("operationId", "patch" + type.kind());
            ArrayNode parameters = patch.putArray("parameters");
            for (String query : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                parameters.addObject().put("name", query).put("in", "query").putObject("schema").put("type", "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
            patch.put("x-kubernetes-action", "patch");
            patch.putObject("x-kubernetes-group-version-kind")
                    .put("group", type.group())
                    .put("version", type.version())
                    .put("kind", type.kind());
        }
        document.putObject("components").putObject("schemas");
        return document.toString();
    }

    private static String version() {
        return JSON.objectNode()
                .put("major", KUBERNETES_VERSION_MAJOR)
                .put("minor", KUBERNETES_VERSION_MINOR)
                .put("gitVersion", gitVersion())
                .put("gitCommit", "")
                .put("gitTreeState", "clean")
                .put("buildDate", "")
                .put("goVersion", "")
                .put("compiler", "")
                .put("platform", "sandbox")
                .toString();
    }

    private static String gitVersion() {
        return "v" + KUBERNETES_VERSION_MAJOR + "." + KUBERNETES_VERSION_MINOR + ".0-slipway-sandbox";
    }
}
