package io.tally.application.port.in.template;

import io.tally.domain.access.Actor;
import io.tally.domain.template.TemplateKey;
import java.util.Objects;

/** A template of the tenant's own to delete. */
public record DeleteReportTemplateCommand(Actor actor, TemplateKey key) {

    public DeleteReportTemplateCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
    }
}
