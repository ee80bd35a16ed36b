package io.tally.application.port.in.dashboard;

import io.tally.domain.access.Actor;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.PaperSize;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A dashboard exported as a file, with these filter values (by filter name; the others take their defaults), in a
 * format, with a byte order mark for CSV when {@code bom}, on the paper asked for (else the tenant's).
 */
public record ExportDashboardCommand(Actor actor, UUID id, Map<String, String> filters, ExportFormat format, boolean bom,
                                     Optional<PaperSize> paper) {

    public ExportDashboardCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        filters = Map.copyOf(filters);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(paper, "paper");
    }
}
