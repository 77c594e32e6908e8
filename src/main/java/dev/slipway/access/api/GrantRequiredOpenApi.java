package dev.slipway.access.api;

import dev.slipway.access.GrantRequiredException;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the 403 of the operations that ask {@code ProductionAccess} before they act: its problem
 * detail also carries {@code requiredGrant} and {@code requestAccess}, the shape of
 * {@link GrantRequiredException#problemProperties()}.
 */
@Component
class GrantRequiredOpenApi implements OpenApiCustomizer {

    private static final Logger log = LoggerFactory.getLogger(GrantRequiredOpenApi.class);

    static final String SCHEMA = "GrantRequiredProblem";

    /**
     * The operations that can be refused for want of a production grant. Named by path here because
     * their controller belongs to the deploy module; keep in step with the callers of
     * {@code ProductionAccess.require}.
     */
    static final Map<String, PathItem.HttpMethod> OPERATIONS = Map.of(
            "/api/v1/deployments", PathItem.HttpMethod.POST,
            "/api/v1/deployments/{id}/rollback", PathItem.HttpMethod.POST);

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(SCHEMA, schema());
        OPERATIONS.forEach((path, method) -> {
            PathItem item = openApi.getPaths().get(path);
            Operation operation = item == null ? null : item.readOperationsMap().get(method);
            if (operation == null) {
                log.warn("The OpenAPI document has no {} {} to describe its production-grant refusal", method, path);
                return;
            }
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            operation.getResponses().addApiResponse("403", new ApiResponse()
                    .description("Forbidden: the token lacks the scope this needs (then `WWW-Authenticate` says "
                            + "`error=\"insufficient_scope\"` and names the `scope`), or its owner lacks the role or "
                            + "team membership; or, in production, the caller holds no active access grant: then "
                            + "`requiredGrant` names the grant needed and `requestAccess` holds the request to ask for "
                            + "it. Nothing was changed.")
                    .content(new Content().addMediaType("application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))));
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> schema() {
        Schema requiredGrant = new ObjectSchema()
                .description("The grant that would allow this; present only when a production grant is what is missing")
                .addProperty("action", new StringSchema().description("deploy, rollback or override-freeze"))
                .addProperty("service", new StringSchema())
                .addProperty("environment", new StringSchema())
                .required(List.of("action", "service", "environment"));
        Schema requestBody = new ObjectSchema()
                .description("A body for POST /api/v1/access/requests asking for that grant for one hour; "
                        + "replace `reason`")
                .addProperty("actions", new ArraySchema().items(new StringSchema()))
                .addProperty("services", new ArraySchema().items(new StringSchema()))
                .addProperty("environments", new ArraySchema().items(new StringSchema()))
                .addProperty("duration", new StringSchema().example("PT1H"))
                .addProperty("reason", new StringSchema());
        Schema requestAccess = new ObjectSchema()
                .description("How to ask for the grant: the API request to send, or the portal page")
                .addProperty("method", new StringSchema().example("POST"))
                .addProperty("href", new StringSchema().example("/api/v1/access/requests"))
                .addProperty("body", requestBody)
                .addProperty("portal", new StringSchema().description("The portal page proposing that request"))
                .required(List.of("method", "href", "body", "portal"));
        return new ComposedSchema()
                .addAllOfItem(new Schema<>().$ref("#/components/schemas/ProblemDetail"))
                .addAllOfItem(new ObjectSchema()
                        .addProperty("requiredGrant", requiredGrant)
                        .addProperty("requestAccess", requestAccess))
                .description("A problem detail; a refusal for want of a production grant adds requiredGrant and "
                        + "requestAccess");
    }
}
