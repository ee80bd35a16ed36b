package io.tally.adapter.in.http.openapi;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tally.adapter.in.http.problem.Problem;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem+json error responses an operation documents in the OpenAPI document. Each is a meta-annotation
 * that the build's OpenAPI generator expands into an {@code application/problem+json} response with the
 * {@link Problem} schema and an example. {@link Secured} goes on a controller (401 and 403 apply to every
 * operation behind a token); the others go on the operations they apply to. {@code OpenApiContractTest} checks
 * that every operation documents at least one 4xx.
 */
public final class ProblemResponses {

    static final String PROBLEM_JSON = "application/problem+json";

    private ProblemResponses() {
    }

    /** 401 without a valid token, 403 without the role or scope. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @ApiResponse(responseCode = "401", description = "no token, or a token that fails a check (see Authentication in docs/api.md)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unauthenticated", value = "{\"type\": \"urn:tally:problem:unauthenticated\", \"title\": \"Unauthenticated\", \"status\": 401, \"detail\": \"Send a valid, unexpired bearer token for this API: Authorization: Bearer <jwt>\", \"instance\": \"/api/v1/customers\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    @ApiResponse(responseCode = "403", description = "the token lacks the role or scope this operation needs",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "forbidden", value = "{\"type\": \"urn:tally:problem:forbidden\", \"title\": \"Forbidden\", \"status\": 403, \"detail\": \"This operation needs the role manager, which the token does not grant\", \"instance\": \"/api/v1/plans\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface Secured {
    }

    /** 400: the input is invalid: errors names each field, query or path parameter (body when the body as a whole is wrong or missing); or the body is not JSON. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400", description = "the input is invalid: `errors` names each field, query or path parameter (`body` when the body as a whole is wrong or missing); or the body is not JSON",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "badRequest", value = "{\"type\": \"urn:tally:problem:validation\", \"title\": \"Invalid request\", \"status\": 400, \"detail\": \"limit: must be less than or equal to 200\", \"instance\": \"/api/v1/customers\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\", \"errors\": [{\"field\": \"limit\", \"message\": \"must be less than or equal to 200\"}]}")))
    public @interface BadRequest {
    }

    /** 404: no such resource for this caller: it does not exist, belongs to another tenant, or to a customer outside the token's customers. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "no such resource for this caller: it does not exist, belongs to another tenant, or to a customer outside the token's `customers`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "notFound", value = "{\"type\": \"urn:tally:problem:not-found\", \"title\": \"Not found\", \"status\": 404, \"detail\": \"customer 'acme' was not found\", \"instance\": \"/api/v1/customers/acme\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface NotFound {
    }

    /** 409: the request clashes with the current state (a key that is taken, a definition still in use, a job not done, an erased or restricted customer). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "409", description = "the request clashes with the current state (a key that is taken, a definition still in use, an export or privacy request that is not done, a customer who was erased or whose processing is restricted)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "conflict", value = "{\"type\": \"urn:tally:problem:conflict\", \"title\": \"Conflict\", \"status\": 409, \"detail\": \"a plan with the key 'gold' exists already; PUT /api/v1/plans/gold changes it\", \"instance\": \"/api/v1/plans\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface Conflict {
    }

    /** 410: it existed but no longer does (a file past its retention, an expired download link). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "410", description = "it existed but no longer does (a file past its retention, an expired download link)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "gone", value = "{\"type\": \"urn:tally:problem:gone\", \"title\": \"Gone\", \"status\": 410, \"detail\": \"export 7b1e0c9a-5d2f-4c61-9a0e-3f8b2d6c1e47 expired at 2026-11-22T14:03:11Z; files are kept for 24 hours: start it again\", \"instance\": \"/api/v1/exports/7b1e0c9a-5d2f-4c61-9a0e-3f8b2d6c1e47/file\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface Gone {
    }

    /** 413: the body is over the size limit. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "413", description = "the body is over the size limit (1 MiB)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "payloadTooLarge", value = "{\"type\": \"urn:tally:problem:payload-too-large\", \"title\": \"Payload too large\", \"status\": 413, \"detail\": \"The request body is larger than the limit of 1048576 bytes\", \"instance\": \"/internal/v1/events\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface PayloadTooLarge {
    }

    /** 415: the body is not of a content type this operation reads (JSON). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "415", description = "the body is not of a content type this operation reads (JSON)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupportedMediaType", value = "{\"type\": \"about:blank\", \"title\": \"Unsupported Media Type\", \"status\": 415, \"detail\": \"Content-Type 'text/plain' is not accepted by /api/v1/plans\", \"instance\": \"/api/v1/plans\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface UnsupportedMediaType {
    }

    /** 422: valid, but not done this way: detail says what to do instead (an Idempotency-Key reused with another body, a page of more than 50,000 events, a target on a metric that takes none). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "422", description = "valid, but not done this way: `detail` says what to do instead (an Idempotency-Key reused with another body, a PDF or HTML page of more than 50,000 events, a target on a metric that takes none)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unprocessable", value = "{\"type\": \"urn:tally:problem:unprocessable\", \"title\": \"Unprocessable request\", \"status\": 422, \"detail\": \"the Idempotency-Key 'k-1' was used for another request (reset 0c2a7e5b-91d4-4f3e-8b6a-2d5f1c9e7a30); send a new key for a new reset\", \"instance\": \"/api/v1/admin/usage-resets\", \"request_id\": \"d4e3b33a-db25-440b-8f36-54f820621796\"}")))
    public @interface Unprocessable {
    }
}
