package io.tally.adapter.in.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The built-in web console at {@code /console}: one page and its files, served without a token (the page asks for
 * one and keeps it in the browser's session storage; everything it shows comes from {@code /api/v1}). The page is
 * never cached and names its files under their content version ({@link ConsoleAssets}); the files are cached for a
 * year. The page may load nothing but this service's own files and call nothing but its API (its
 * Content-Security-Policy says so to the browser).
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ConsoleController {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ConsoleAssets assets;

    ConsoleController(ConsoleAssets assets) {
        this.assets = assets;
    }

    @Get
    HttpResponse<String> page() {
        return HttpResponse.ok(assets.page()).contentType(MediaType.TEXT_HTML_TYPE.toString() + "; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    /** A file of the current version; another version's name is 404 (its page is gone: reloading names the new one). */
    @Get("/assets/{version}/{+name}")
    HttpResponse<byte[]> asset(@PathVariable String version, @PathVariable String name) {
        if (!version.equals(assets.version())) {
            return HttpResponse.notFound();
        }
        return assets.asset(name)
                .map(asset -> HttpResponse.ok(asset.bytes()).contentType(asset.contentType())
                        .header("Cache-Control", IMMUTABLE)
                        .header("X-Content-Type-Options", "nosniff"))
                .orElseGet(HttpResponse::notFound);
    }
}
