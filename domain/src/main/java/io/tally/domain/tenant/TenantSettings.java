package io.tally.domain.tenant;

import io.tally.domain.common.ConsentCategory;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.PersonalData;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * What a tenant's owner may set: the timezone days are cut in when no customer timezone applies, the
 * default currency, the brand shown on reports, how late usage events may arrive, and the locale (a BCP 47
 * tag such as {@code en-US} or {@code de-DE}) whose country picks a PDF's paper size, and the consent categories
 * ({@code consent_required}, such as {@code analytics}) without which a customer's usage events are refused, and how long
 * what Tally stores is kept ({@link Retention}), and which event data is personal ({@code personal_dimensions}: shown
 * masked, {@link PersonalData}). {@code brandName} is absent until set; reports then show the tenant id.
 */
public record TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                             int lateArrivalDays, Locale locale, Set<String> consentRequired, Retention retention,
                             Set<String> personalDimensions) {

    public static final int BRAND_NAME_MAX_LENGTH = 80;
    public static final int DEFAULT_LATE_ARRIVAL_DAYS = 400;
    public static final int MAX_LATE_ARRIVAL_DAYS = 3650;
    public static final Locale DEFAULT_LOCALE = Locale.US;
    public static final int MAX_CONSENT_CATEGORIES = 10;
    public static final int MAX_PERSONAL_DIMENSIONS = 20;

    public TenantSettings {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(brandName, "brandName");
        Objects.requireNonNull(brandColour, "brandColour");
        brandName.ifPresent(name -> Text.requireLabel(name, "brand name", BRAND_NAME_MAX_LENGTH));
        if (lateArrivalDays < 1 || lateArrivalDays > MAX_LATE_ARRIVAL_DAYS) {
            throw new InvalidValueException("late_arrival_days", "must be between 1 and " + MAX_LATE_ARRIVAL_DAYS);
        }
        Objects.requireNonNull(locale, "locale");
        consentRequired.forEach(category -> ConsentCategory.require(category, "consent_required"));
        if (consentRequired.size() > MAX_CONSENT_CATEGORIES) {
            throw new InvalidValueException("consent_required", "names at most " + MAX_CONSENT_CATEGORIES + " categories");
        }
        consentRequired = Collections.unmodifiableSortedSet(new TreeSet<>(consentRequired));
        Objects.requireNonNull(retention, "retention");
        personalDimensions.forEach(name -> PersonalData.requireDimension(name, "personal_dimensions"));
        if (personalDimensions.size() > MAX_PERSONAL_DIMENSIONS) {
            throw new InvalidValueException("personal_dimensions", "names at most " + MAX_PERSONAL_DIMENSIONS + " data names");
        }
        personalDimensions = Collections.unmodifiableSortedSet(new TreeSet<>(personalDimensions));
    }

    /** Settings that mark no data personal. */
    public TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                          int lateArrivalDays, Locale locale, Set<String> consentRequired, Retention retention) {
        this(timezone, currency, brandName, brandColour, lateArrivalDays, locale, consentRequired, retention, Set.of());
    }

    /** Settings with the default retention. */
    public TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                          int lateArrivalDays, Locale locale, Set<String> consentRequired) {
        this(timezone, currency, brandName, brandColour, lateArrivalDays, locale, consentRequired, Retention.DEFAULT);
    }

    /** Settings that require no consent. */
    public TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                          int lateArrivalDays, Locale locale) {
        this(timezone, currency, brandName, brandColour, lateArrivalDays, locale, Set.of());
    }

    /** Settings in the default locale ({@code en-US}). */
    public TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                          int lateArrivalDays) {
        this(timezone, currency, brandName, brandColour, lateArrivalDays, DEFAULT_LOCALE, Set.of());
    }

    /**
     * A locale from its BCP 47 tag: a language, optionally a region ({@code en}, {@code en-GB}, {@code pt-BR}).
     *
     * @throws InvalidValueException for anything else
     */
    public static Locale parseLocale(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (locale.getLanguage().isEmpty()) {
                throw new IllformedLocaleException("no language");
            }
            return locale;
        } catch (IllformedLocaleException | NullPointerException e) {
            throw new InvalidValueException("locale", "'" + tag + "' is not a BCP 47 language tag (for example en-US, de-DE, ja-JP)");
        }
    }

    /** The window in which usage events are accepted. */
    public ArrivalWindow arrivalWindow() {
        return retention.eventsDays().filter(days -> days < lateArrivalDays).map(days -> new ArrivalWindow(days, true))
                .orElseGet(() -> new ArrivalWindow(lateArrivalDays));
    }

    /** A new tenant's settings: UTC, US dollars, no brand name, Tally's violet, events up to 400 days late, en-US. */
    public static TenantSettings defaults() {
        return new TenantSettings(TimeZoneId.UTC, CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT,
                DEFAULT_LATE_ARRIVAL_DAYS, DEFAULT_LOCALE, Set.of(), Retention.DEFAULT, Set.of());
    }
}
