package io.tally.application.port.in.template;

import io.tally.domain.access.Actor;
import io.tally.domain.template.TemplateKey;
import java.util.Map;
import java.util.Objects;

/** A template to define or to change: its key and its definition in the JSON form ({@code TemplateJson}). */
public record ReportTemplateCommand(Actor actor, TemplateKey key, Map<String, Object> definition) {

    public ReportTemplateCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(definition, "definition");
    }
}
