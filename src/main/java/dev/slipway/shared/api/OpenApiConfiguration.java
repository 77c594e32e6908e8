package dev.slipway.shared.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI slipwayOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Slipway API")
                .version("v1")
                .description("Register releases, trigger deployments and manage the catalog from scripts. "
                        + "Lists are paged with `page` (from 1) and `size` (1–200). Every error is an RFC 9457 "
                        + "problem detail; rule violations list the fields at fault in `errors`."));
    }
}
