package io.tally.domain.target;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A target against its current period (from {@code periodStart} to the day before {@code periodEnd}, in the subject's
 * timezone): the value of the finished days so far (none for a level, whose value is its last day's), how many days are
 * left to forecast (today included: it is not finished), and the projection with its status; or, when there is no
 * projection (the metric has no shape a period can be projected in, or nothing to divide by), the note that says why.
 */
public record TargetAssessment(MetricTarget target, LocalDate periodStart, LocalDate periodEnd, int daysLeft, Optional<Double> soFar,
                               Optional<TargetProjection> projection, Optional<String> note) {

    public TargetAssessment {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(soFar, "soFar");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(note, "note");
    }

    public Optional<TargetStatus> status() {
        return projection.map(TargetProjection::status);
    }
}
