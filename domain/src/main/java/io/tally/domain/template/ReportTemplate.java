package io.tally.domain.template;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A report template: built in (the reports every tenant has: {@code usage-summary}, {@code activity},
 * {@code billing-summary}, {@code usage-history}, {@code content-performance}, {@code sales-overview}), or one of the
 * tenant's own, which its managers define, change and delete. Every change of a tenant's template makes a new version.
 */
public final class ReportTemplate {

    private final TemplateKey key;
    private final TemplateDefinition definition;
    private final boolean builtIn;
    private final int version;
    private final Optional<String> updatedBy;
    private final Optional<Instant> createdAt;
    private final Optional<Instant> updatedAt;

    private ReportTemplate(TemplateKey key, TemplateDefinition definition, boolean builtIn, int version, Optional<String> updatedBy,
                           Optional<Instant> createdAt, Optional<Instant> updatedAt) {
        this.key = Objects.requireNonNull(key, "key");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.builtIn = builtIn;
        this.version = version;
        this.updatedBy = Objects.requireNonNull(updatedBy, "updatedBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("versions count from 1");
        }
    }

    /** One of the templates every tenant has. */
    public static ReportTemplate builtIn(TemplateKey key, TemplateDefinition definition) {
        return new ReportTemplate(key, definition, true, 1, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A tenant's new template, version 1, defined by {@code subject}. */
    public static ReportTemplate create(TemplateKey key, TemplateDefinition definition, String subject, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new ReportTemplate(key, definition, false, 1, Optional.of(subject), Optional.of(at), Optional.of(at));
    }

    public static ReportTemplate restore(TemplateKey key, TemplateDefinition definition, int version, String updatedBy, Instant createdAt,
                                         Instant updatedAt) {
        return new ReportTemplate(key, definition, false, version, Optional.of(updatedBy), Optional.of(createdAt), Optional.of(updatedAt));
    }

    /** The next version with this definition, by {@code subject}. */
    public ReportTemplate revised(TemplateDefinition next, String subject, Instant now) {
        if (builtIn) {
            throw new IllegalStateException("a built-in template is not changed");
        }
        return new ReportTemplate(key, next, false, version + 1, Optional.of(subject), createdAt, Optional.of(now.truncatedTo(ChronoUnit.MICROS)));
    }

    public TemplateKey key() {
        return key;
    }

    public TemplateDefinition definition() {
        return definition;
    }

    public boolean isBuiltIn() {
        return builtIn;
    }

    public int version() {
        return version;
    }

    /** Who made the current version (a tenant's template). */
    public Optional<String> updatedBy() {
        return updatedBy;
    }

    public Optional<Instant> createdAt() {
        return createdAt;
    }

    public Optional<Instant> updatedAt() {
        return updatedAt;
    }
}
