package io.tally.adapter.in.web.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.Cursors;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.token.IssueServiceTokenCommand;
import io.tally.application.port.in.token.IssuedServiceToken;
import io.tally.application.port.in.token.ServiceTokensUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.access.ServiceScope;
import io.tally.domain.access.ServiceToken;
import io.tally.domain.common.InvalidValueException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Tag(name = "Admin: service tokens")
@Controller("/api/v1/admin/service-tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ADMIN)
@ProblemResponses.Secured
class ServiceTokenController {

    private final ServiceTokensUseCase tokens;
    private final Clock clock;

    ServiceTokenController(ServiceTokensUseCase tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Issues a service token for {@code /internal/v1} (admin): {@code name} (what it is for), {@code scope} (scopes
     * separated by spaces: events:write, customers:write, billing:write, quota:read, consent:write) and {@code ttl}
     * (an ISO 8601 duration from PT5M to P730D; default P90D). The token is in this answer only; Tally keeps its
     * {@code jti}, never the token. Audited.
     *
     * @param body the token to issue
     * @return 201 with the token and its jti
     */
    @Post
    @ApiResponse(responseCode = "201", description = "the token, shown this once",
            content = @Content(schema = @Schema(implementation = IssuedResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    @ProblemResponses.Unprocessable
    HttpResponse<IssuedResponse> issueServiceToken(@Parameter(hidden = true) Actor actor, @Body TokenRequest body) {
        Optional<Duration> ttl = Optional.ofNullable(body.ttl()).map(ServiceTokenController::duration);
        IssuedServiceToken issued = tokens.issue(new IssueServiceTokenCommand(actor, body.name(), body.scope(), ttl));
        return HttpResponse.<IssuedResponse>status(HttpStatus.CREATED)
                .body(IssuedResponse.of(issued))
                .header("Location", "/api/v1/admin/service-tokens/" + issued.details().jti());
    }

    /**
     * The tenant's service tokens issued through this API, newest first (admin): name, scope, when created and by
     * whom, expiry, last use (written every few seconds) and revocation. Never the tokens themselves.
     *
     * @param limit page size, 1 to 200 (default 50)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of tokens
     */
    @Get
    @ProblemResponses.BadRequest
    TokenPage listServiceTokens(@Parameter(hidden = true) Actor actor, @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                                @QueryValue @Nullable String cursor) {
        Optional<UUID> after = Optional.ofNullable(cursor).flatMap(Cursors::decode).map(text -> jti(text, "cursor"));
        Page<ServiceToken> page = tokens.list(actor, limit, after);
        Instant now = clock.instant();
        return new TokenPage(page.items().stream().map(token -> TokenResponse.of(token, now)).toList(),
                page.continueAfter().map(last -> Cursors.encode(last.jti().toString())).orElse(null));
    }

    /**
     * Revokes a service token (admin): every node refuses it within 5 seconds. Audited. 409 when it was revoked before.
     *
     * @param jti the token's jti
     * @return the token, revoked
     */
    @Delete("/{jti}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    TokenResponse revokeServiceToken(@Parameter(hidden = true) Actor actor, @PathVariable String jti) {
        return TokenResponse.of(tokens.revoke(actor, jti(jti, "jti")), clock.instant());
    }

    private static UUID jti(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a service token's jti (a UUID)");
        }
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("ttl", "'" + text + "' is not an ISO 8601 duration such as P90D or PT12H");
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record TokenRequest(@Nullable String name, @Nullable String scope, @Nullable String ttl) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record IssuedResponse(String token, String jti, String name, String scope, Instant createdAt, Instant expiresAt) {

        static IssuedResponse of(IssuedServiceToken issued) {
            ServiceToken token = issued.details();
            return new IssuedResponse(issued.token(), token.jti().toString(), token.name(), ServiceScope.claim(token.scopes()),
                    token.createdAt(), token.expiresAt());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TokenResponse(String jti, String name, String scope, String status, Instant createdAt, String createdBy, Instant expiresAt,
                         @Nullable Instant lastUsedAt, @Nullable Instant revokedAt, @Nullable String revokedBy) {

        static TokenResponse of(ServiceToken token, Instant now) {
            return new TokenResponse(token.jti().toString(), token.name(), ServiceScope.claim(token.scopes()), token.status(now).wireName(),
                    token.createdAt(), token.createdBy(), token.expiresAt(), token.lastUsedAt().orElse(null),
                    token.revokedAt().orElse(null), token.revokedBy().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TokenPage(List<TokenResponse> items, @Nullable String nextCursor) {
    }
}
