package io.tally.application.port.in.template;

import io.tally.domain.access.Actor;
import io.tally.domain.template.TemplateKey;
import java.util.Objects;

/** One report template, built-in or the tenant's. */
public record ReportTemplateQuery(Actor actor, TemplateKey key) {

    public ReportTemplateQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
