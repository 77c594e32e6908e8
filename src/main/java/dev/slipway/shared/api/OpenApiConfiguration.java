package dev.slipway.shared.api;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Pageable;
import org.springframework.http.ProblemDetail;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_SCHEMA = "ProblemDetail";

    static {
        // Lists document their page and size with @PageParameters instead.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Pageable.class);
    }

    @Bean
    OpenAPI slipwayOpenApi() {
        return new OpenAPI()
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token (slw_…) from Account → API tokens or POST /api/v1/tokens"))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("Username and password; accepted only by POST /api/v1/tokens")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .info(new Info()
                .title("Slipway API")
                .version("v1")
                .description("Register releases, trigger deployments and manage the catalog from scripts. "
                        + "Authenticate with 'Authorization: Bearer slw_…'; mint a first token with POST /api/v1/tokens "
                        + "and HTTP Basic. "
                        + "Lists are paged with `page` (from 1) and `size` (1–200). Every error is an RFC 9457 "
                        + "problem detail; rule violations list the fields at fault in `errors`. "
                        + "A 403 for a token that lacks a scope carries `WWW-Authenticate: Bearer "
                        + "error=\"insufficient_scope\", scope=\"…\"` naming it; other refusals (role, team, "
                        + "production grant) say why in `detail`."));
    }

    /**
     * Every API operation that needs a caller documents the 401 and 403 the security filters and the
     * access policy answer with, as the shared problem-detail schema. An operation is secured unless it
     * declares an empty security requirement of its own.
     */
    @Bean
    OpenApiCustomizer authenticationProblems() {
        return openApi -> {
            ensureProblemSchema(openApi);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperations().stream().filter(operation -> secured(openApi, operation))
                            .forEach(OpenApiConfiguration::documentRefusals);
                }
            });
        };
    }

    static boolean secured(OpenAPI openApi, Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity()
                : openApi.getSecurity();
        return security != null && security.stream().anyMatch(requirement -> !requirement.isEmpty());
    }

    private static void documentRefusals(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        withProblem(responses.computeIfAbsent("401", code -> new ApiResponse().description(
                "Unauthorized: no API token, or one that is malformed, expired or revoked, or whose owner is "
                        + "disabled. `WWW-Authenticate` says `invalid_token` when a token was refused.")))
                .addHeaderObject("WWW-Authenticate", challengeHeader());
        withProblem(responses.computeIfAbsent("403", code -> new ApiResponse().description(
                "Forbidden: the token lacks the scope this needs (then `WWW-Authenticate` says "
                        + "`error=\"insufficient_scope\"` and names the `scope`), or its owner lacks the role or team "
                        + "membership, or the token is restricted to another team. Nothing was changed.")));
    }

    private static ApiResponse withProblem(ApiResponse response) {
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        if (!response.getContent().containsKey(PROBLEM_JSON)) {
            response.getContent().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
        }
        return response;
    }

    private static Header challengeHeader() {
        return new Header().description("The Bearer challenge (RFC 6750)").schema(new StringSchema());
    }

    @SuppressWarnings("rawtypes")
    private static void ensureProblemSchema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        if (openApi.getComponents().getSchemas() == null || !openApi.getComponents().getSchemas().containsKey(PROBLEM_SCHEMA)) {
            Map<String, Schema> schemas = ModelConverters.getInstance()
                    .readAll(new AnnotatedType(ProblemDetail.class));
            schemas.forEach((name, schema) -> {
                if (openApi.getComponents().getSchemas() == null || !openApi.getComponents().getSchemas().containsKey(name)) {
                    openApi.getComponents().addSchemas(name, schema);
                }
            });
        }
    }
}
