package io.tally.adapter.in.http.security;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import io.tally.adapter.in.http.request.RequestIds;
import io.tally.domain.access.Actor;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets controllers take the caller as an {@link Actor} parameter, built from the authenticated token. */
@Singleton
final class ActorArgumentBinder implements TypedRequestArgumentBinder<Actor> {

    @Override
    public Argument<Actor> argumentType() {
        return Argument.of(Actor.class);
    }

    @Override
    public BindingResult<Actor> bind(ArgumentConversionContext<Actor> context, HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return BindingResult.unsatisfied();
        }
        Actor actor = Actors.of(authentication.get(), RequestIds.of(request));
        return () -> Optional.of(actor);
    }
}
