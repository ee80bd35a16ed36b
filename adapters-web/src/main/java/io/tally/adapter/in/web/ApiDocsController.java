package io.tally.adapter.in.web;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import java.net.URI;

/**
 * Serves the OpenAPI document generated at build time at /openapi.yml, and sends people from /docs to its
 * Swagger UI rendering (served from the jar at /swagger-ui, reading /swagger/tally.yml).
 */
@OpenAPIDefinition(
        info = @Info(title = "Tally", version = "0.1.0",
                description = "Usage analytics, billing analytics and report export for SaaS products. "
                        + "/api/v1 takes user tokens (aud tally-api); /internal/v1 takes service tokens (aud tally-internal)."),
        servers = @Server(url = "/", description = "the Tally server that serves this document"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ApiDocsController {

    static final String DOCUMENT = "classpath:META-INF/swagger/tally.yml";

    private final ResourceResolver resources;

    ApiDocsController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    HttpResponse<StreamedFile> openApi() {
        return resources.getResource(DOCUMENT)
                .map(url -> HttpResponse.ok(new StreamedFile(url)).contentType(MediaType.of("application/yaml")))
                .orElseThrow(() -> new IllegalStateException("the build did not generate " + DOCUMENT));
    }

    @Get("/docs")
    HttpResponse<?> docs() {
        return HttpResponse.seeOther(URI.create("/swagger-ui/index.html"));
    }
}
