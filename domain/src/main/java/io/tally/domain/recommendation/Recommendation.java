package io.tally.domain.recommendation;

import io.tally.domain.customer.CustomerId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a rule found worth doing, and why: its kind, how urgent it is, a title and a detail in plain words, and the
 * figures behind it ({@link Evidence}, each with its metric's key so that a frontend can link it). About a customer, or
 * the tenant as a whole ({@code customer} empty).
 */
public record Recommendation(Kind kind, Severity severity, Optional<CustomerId> customer, String title, String detail, List<Evidence> evidence) {

    public Recommendation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        evidence = List.copyOf(evidence);
    }

    public Recommendation about(Optional<CustomerId> whose) {
        return new Recommendation(kind, severity, whose, title, detail, evidence);
    }

    public enum Kind {
        PLAN_UPGRADE, CHURN_RISK, FAILURE_SPIKE, BEST_TIME_TO_POST, VENDOR_CONCENTRATION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How urgent: {@code high} first. */
    public enum Severity {
        HIGH, MEDIUM, LOW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
