package io.tally.application.port.in.template;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.template.TemplateKey;
import java.util.Objects;
import java.util.Optional;

/** The templates the actor's tenant has, built-in and its own, in key order: a page of 1 to {@value #MAX_LIMIT} after a key. */
public record ListReportTemplatesQuery(Actor actor, Optional<TemplateKey> after, int limit) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public ListReportTemplatesQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
