package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tally.adapter.in.http.request.RequestIds;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for failures nothing else handles: logs the trace with the request id and answers a
 * 500 problem that shows neither the trace nor the exception's message.
 */
@Produces
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        String requestId = RequestIds.of(request);
        LOG.atError().setCause(exception)
                .addKeyValue("request_id", requestId)
                .addKeyValue("method", request.getMethodName())
                .addKeyValue("path", request.getPath())
                .log("unexpected failure");
        return Problems.response(request, HttpStatus.INTERNAL_SERVER_ERROR, ProblemType.INTERNAL,
                "The request could not be completed; quote request id " + requestId + " when reporting this", null);
    }
}
