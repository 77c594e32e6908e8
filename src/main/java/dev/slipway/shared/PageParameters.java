package dev.slipway.shared;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the {@code page} and {@code size} query parameters an API list reads into its {@code Pageable} (the
 * parameter itself is left out of the OpenAPI document, which would otherwise describe Spring Data's zero-based
 * page and a {@code sort} that Slipway ignores).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(name = "page", in = ParameterIn.QUERY, description = "Page number, from 1",
        schema = @Schema(type = "integer", format = "int32", minimum = "1", defaultValue = "1"))
@Parameter(name = "size", in = ParameterIn.QUERY, description = "Items per page, 1 to 200",
        schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "200", defaultValue = "25"))
public @interface PageParameters {
}
