package dev.slipway.shared.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** One operation of the published OpenAPI document: a method on a path template, its parameters and bodies. */
record ApiOperation(String method, String template, List<Parameter> parameters, Map<String, JsonNode> bodies) {

    record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    String key() {
        return method + " " + template;
    }

    List<Parameter> in(String where) {
        return parameters.stream().filter(p -> p.in().equals(where)).toList();
    }

    boolean hasBody() {
        return !bodies.isEmpty();
    }

    /** The schema of the JSON body, with every {@code $ref} resolved, or null. */
    JsonNode jsonSchema() {
        return bodies.get("application/json");
    }

    @Override
    public String toString() {
        return key();
    }

    /** Every operation of the document, references resolved. */
    static List<ApiOperation> readAll(JsonNode document) {
        var operations = new ArrayList<ApiOperation>();
        JsonNode paths = document.get("paths");
        for (String path : paths.propertyNames()) {
            JsonNode item = paths.get(path);
            for (String method : item.propertyNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonNode operation = item.get(method);
                var parameters = new ArrayList<Parameter>();
                for (JsonNode parameter : operation.path("parameters")) {
                    parameters.add(new Parameter(parameter.get("name").asString(), parameter.get("in").asString(),
                            resolve(document, parameter.path("schema"), 0), parameter.path("required").asBoolean(false)));
                }
                var bodies = new LinkedHashMap<String, JsonNode>();
                JsonNode content = operation.path("requestBody").path("content");
                for (String media : content.propertyNames()) {
                    bodies.put(media, resolve(document, content.get(media).path("schema"), 0));
                }
                operations.add(new ApiOperation(method.toUpperCase(Locale.ROOT), path, List.copyOf(parameters),
                        bodies));
            }
        }
        return List.copyOf(operations);
    }

    /** The schema with {@code $ref}s replaced by what they point at (a few levels deep; the API's are flat). */
    private static JsonNode resolve(JsonNode document, JsonNode schema, int depth) {
        if (schema == null || schema.isMissingNode() || depth > 8) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
            return resolve(document, document.path("components").path("schemas").path(name), depth + 1);
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        if (schema.has("properties")) {
            ObjectNode properties = JsonNodeFactory.instance.objectNode();
            for (String name : schema.get("properties").propertyNames()) {
                properties.set(name, resolve(document, schema.get("properties").get(name), depth + 1));
            }
            copy.set("properties", properties);
        }
        if (schema.has("items")) {
            copy.set("items", resolve(document, schema.get("items"), depth + 1));
        }
        if (schema.path("additionalProperties").isObject()) {
            copy.set("additionalProperties", resolve(document, schema.get("additionalProperties"), depth + 1));
        }
        return copy;
    }
}
