package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
final class RequestRejectedHandler implements ExceptionHandler<RequestRejectedException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RequestRejectedException exception) {
        return Problems.response(request, exception.status(), exception.type(), exception.getMessage(), null);
    }
}
