package dev.slipway.shared.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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
                        + "problem detail; rule violations list the fields at fault in `errors`."));
    }
}
