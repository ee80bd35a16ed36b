package io.tally.domain.report;

import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.BrandColour;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A format-neutral report.
 *
 * @param subject who the report is about: a customer's display name, or the tenant's brand name
 * @param from first local day of the period
 * @param to last local day of the period (included)
 * @param zone the timezone the days are cut in and every time is shown in
 * @param notes lines shown under the period (for example "measured until" for a period not yet over)
 */
public record Report(ReportKind kind, String title, String subject, LocalDate from, LocalDate to, TimeZoneId zone, Instant generatedAt,
                     Brand brand, List<String> notes, List<KeyFigure> keyFigures, List<Section> sections) {

    public Report {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(brand, "brand");
        notes = List.copyOf(notes);
        keyFigures = List.copyOf(keyFigures);
        sections = List.copyOf(sections);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a report's period ends before it starts");
        }
    }

    /** The same report with one more note under the period. */
    public Report withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Report(kind, title, subject, from, to, zone, generatedAt, brand, more, keyFigures, sections);
    }

    /** The name and colour of the header band. */
    public record Brand(String name, BrandColour colour) {
        public Brand {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(colour, "colour");
        }
    }
}
