package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code scale} subresource, which {@code kubectl scale} uses: an {@code autoscaling/v1 Scale} view of an
 * object's {@code spec.replicas}.
 */
final class ScaleSubresource {

    private ScaleSubresource() {
    }

    static ObjectNode view(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        ObjectNode scale = JsonNodeFactory.instance.objectNode()
                .put("kind", "Scale")
                .put("apiVersion", "autoscaling/v1");
        ObjectNode scaleMetadata = scale.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (metadata.hasNonNull(field)) {
                scaleMetadata.set(field, metadata.get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        scale.putObject("status")
                .put("replicas", object.path("status").path("replicas").asInt(0))
                .put("selector", selector(object.path("spec").path("selector").path("matchLabels")));
        return scale;
    }

    /** The object with the replica count of {@code scale}. */
    static JsonNode withReplicas(JsonNode object, JsonNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw new ApiRequestException(422, "Invalid", "spec.replicas must be a whole number of at least 0");
        }
        ObjectNode updated = object.deepCopy();
        JsonNode spec = updated.get("spec");
        (spec instanceof ObjectNode existing ? existing : updated.putObject("spec")).put("replicas", replicas.asInt());
        return updated;
    }

    private static String selector(JsonNode matchLabels) {
        List<String> requirements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : matchLabels.properties()) {
            requirements.add(label.getKey() + "=" + label.getValue().asText());
        }
        return String.join(",", requirements);
    }
}
