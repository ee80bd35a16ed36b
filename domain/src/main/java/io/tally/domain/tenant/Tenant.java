package io.tally.domain.tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One SaaS operator using Tally: the isolation boundary for every other record. Created on first use with default settings. */
public final class Tenant {

    private final TenantId id;
    private final Instant createdAt;
    private TenantSettings settings;

    private Tenant(TenantId id, TenantSettings settings, Instant createdAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A tenant seen for the first time, with the default settings. */
    public static Tenant create(TenantId id, Instant now) {
        return new Tenant(id, TenantSettings.defaults(), now);
    }

    public static Tenant restore(TenantId id, TenantSettings settings, Instant createdAt) {
        return new Tenant(id, settings, createdAt);
    }

    /**
     * Replaces the settings and tells which of them changed; an empty list means the new settings equal
     * the old ones.
     */
    public List<SettingChange> changeSettings(TenantSettings next) {
        Objects.requireNonNull(next, "next");
        List<SettingChange> changes = new ArrayList<>();
        compare(changes, "timezone", settings.timezone().value(), next.timezone().value());
        compare(changes, "currency", settings.currency().value(), next.currency().value());
        compare(changes, "brand_name", settings.brandName().orElse(""), next.brandName().orElse(""));
        compare(changes, "brand_colour", settings.brandColour().value(), next.brandColour().value());
        compare(changes, "late_arrival_days", Integer.toString(settings.lateArrivalDays()), Integer.toString(next.lateArrivalDays()));
        compare(changes, "locale", settings.locale().toLanguageTag(), next.locale().toLanguageTag());
        compare(changes, "consent_required", String.join(",", settings.consentRequired()), String.join(",", next.consentRequired()));
        compare(changes, "personal_dimensions", String.join(",", settings.personalDimensions()), String.join(",", next.personalDimensions()));
        Retention before = settings.retention();
        Retention after = next.retention();
        compare(changes, "retention.events_days", before.eventsDays().map(String::valueOf).orElse(""), after.eventsDays().map(String::valueOf).orElse(""));
        compare(changes, "retention.audit_days", Integer.toString(before.auditDays()), Integer.toString(after.auditDays()));
        compare(changes, "retention.exports_days", Integer.toString(before.exportsDays()), Integer.toString(after.exportsDays()));
        compare(changes, "retention.keep_rollups", Boolean.toString(before.keepRollups()), Boolean.toString(after.keepRollups()));
        this.settings = next;
        return List.copyOf(changes);
    }

    private static void compare(List<SettingChange> changes, String name, String from, String to) {
        if (!from.equals(to)) {
            changes.add(new SettingChange(name, from, to));
        }
    }

    /** The name reports show: the brand name when set, else the tenant id. */
    public String displayName() {
        return settings.brandName().orElse(id.value());
    }

    public TenantId id() {
        return id;
    }

    public TenantSettings settings() {
        return settings;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
