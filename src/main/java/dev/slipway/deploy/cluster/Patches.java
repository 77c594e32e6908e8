package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The patch formats of the Kubernetes API. A strategic merge patch is taken as a JSON merge patch, and a
 * server-side apply configuration is merged the same way: lists are replaced rather than merged by key, which
 * is what the patches kubectl and Slipway send need.
 */
final class Patches {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private static final int UNPROCESSABLE_ENTITY = 422;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private Patches() {
    }

    /** The media type of a Content-Type header, without parameters, in lower case. */
    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    static JsonNode apply(JsonNode current, String mediaType, byte[] body) {
        return switch (mediaType) {
            case JSON_PATCH -> jsonPatch(current, read(body, JSON));
            case MERGE_PATCH, STRATEGIC_MERGE_PATCH -> JsonMergePatch.apply(current, object(read(body, JSON)));
            case APPLY_PATCH -> JsonMergePatch.apply(current, applyConfiguration(body));
            default -> throw new ApiRequestException(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                            + String.join(", ", JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH));
        };
    }

    /** A server-side apply configuration, which may come as YAML or as JSON. */
    static ObjectNode applyConfiguration(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        ObjectNode configuration = object(read(body, text.startsWith("{") ? JSON : YAML));
        if (configuration.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        } else {
            configuration.putObject("metadata");
        }
        return configuration;
    }

    private static JsonNode jsonPatch(JsonNode current, JsonNode operations) {
        try {
            return JsonPatch.apply(operations, current);
        } catch (JsonPatchException e) {
            throw new ApiRequestException(UNPROCESSABLE_ENTITY, "Invalid", "the JSON patch does not apply: " + e.getMessage());
        }
    }

    private static JsonNode read(byte[] body, ObjectMapper mapper) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new ApiRequestException(400, "BadRequest", "the request body is not valid: " + e.getMessage());
        }
    }

    private static ObjectNode object(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new ApiRequestException(400, "BadRequest", "the request body must be an object");
    }
}
