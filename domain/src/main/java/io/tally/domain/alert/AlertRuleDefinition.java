package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Rfc3339;
import io.tally.domain.delivery.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert rule as a manager defines it: what it measures ({@link AlertSource}), whom it watches ({@link AlertScope}),
 * over which {@link AlertWindow}, the {@link AlertCondition}, its {@link Severity}, how often it is evaluated (10 s to 1
 * day), its channels (those of schedules), whether it is enabled, and until when it is muted (evaluated and recorded,
 * not sent), and the currency a money figure is compared in (money is never added across currencies).
 *
 * <p>{@code limit_pct_above} compares a customer's use with its plan limit for the metric's meter, so it needs a
 * customer scope and is measured over the limit period ({@code current_limit_period}, its window by default); the
 * {@code change_pct_…} operators compare with the window before, which a limit period does not have.
 */
public record AlertRuleDefinition(String name, AlertSource source, AlertScope scope, AlertWindow window, AlertCondition condition, Severity severity,
                                  Duration evaluateEvery, List<Channel> channels, boolean enabled, Optional<Instant> mutedUntil,
                                  Optional<String> currency) {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})(s|m|h|d)");
    private static final Set<String> FIELDS = new TreeSet<>(Set.of("name", "metric", "saved_query", "scope", "window", "condition", "severity",
            "evaluate_every", "channels", "enabled", "muted_until", "currency"));
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CONDITION_FIELDS = Set.of("op", "threshold", "clear_threshold", "for_evaluations", "no_data");

    public AlertRuleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(evaluateEvery, "evaluateEvery");
        channels = List.copyOf(channels);
        Objects.requireNonNull(mutedUntil, "mutedUntil");
        Objects.requireNonNull(currency, "currency");
        if (currency.isPresent() && !CURRENCY.matcher(currency.get()).matches()) {
            throw new InvalidValueException("currency", "must be an ISO 4217 code such as EUR");
        }
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidValueException("name", "is required: 1 to 200 characters");
        }
        if (evaluateEvery.compareTo(MIN_INTERVAL) < 0 || evaluateEvery.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidValueException("evaluate_every", "must be 10s to 1d");
        }
        AlertOp op = condition.op();
        if (op == AlertOp.LIMIT_PCT_ABOVE) {
            if (scope instanceof AlertScope.Tenant) {
                throw new InvalidValueException("scope", "limit_pct_above compares a customer's use with its plan's limit: the scope is"
                        + " {\"customer\": id} or each_customer");
            }
            if (window != AlertWindow.CURRENT_LIMIT_PERIOD) {
                throw new InvalidValueException("window", "limit_pct_above is measured over the limit's period: current_limit_period");
            }
            if (!(source instanceof AlertSource.Metric)) {
                throw new InvalidValueException("metric", "limit_pct_above needs a metric over the meter the plan limits");
            }
        } else if (window == AlertWindow.CURRENT_LIMIT_PERIOD) {
            throw new InvalidValueException("window", "current_limit_period is the window of limit_pct_above only");
        }
    }

    /** Whether notifications are held back at {@code now} (the rule is still evaluated and its history recorded). */
    public boolean isMuted(Instant now) {
        return mutedUntil.map(now::isBefore).orElse(false);
    }

    /** A definition from the API's JSON; each problem names its field ({@code condition.clear_threshold}). */
    public static AlertRuleDefinition read(Map<String, Object> json) {
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidValueException(field, "is not a field of an alert rule; they are " + String.join(", ", FIELDS));
            }
        }
        if (!(json.get("name") instanceof String name)) {
            throw new InvalidValueException("name", "is required: 1 to 200 characters");
        }
        AlertSource source = AlertSource.read(json.get("metric"), json.get("saved_query"));
        AlertScope scope = AlertScope.read(json.get("scope"));
        AlertCondition condition = condition(json.get("condition"));
        AlertWindow window = json.get("window") instanceof String text ? AlertWindow.fromWireName(text, "window")
                : json.get("window") == null && condition.op() == AlertOp.LIMIT_PCT_ABOVE ? AlertWindow.CURRENT_LIMIT_PERIOD : null;
        if (window == null) {
            throw new InvalidValueException("window", "is required: last_hour, last_24_hours, today, last_7_days, last_30_days or this_month");
        }
        Severity severity = json.get("severity") instanceof String text ? Severity.fromWireName(text, "severity") : Severity.MEDIUM;
        if (json.get("severity") != null && !(json.get("severity") instanceof String)) {
            throw new InvalidValueException("severity", "must be critical, high, medium or low");
        }
        Duration every = json.get("evaluate_every") == null ? Duration.ofMinutes(5) : interval(json.get("evaluate_every"));
        Object given = json.get("channels");
        // without channels a rule is still evaluated and its history kept (GET /api/v1/alerts/{id}/history)
        List<Channel> channels = given == null || (given instanceof List<?> none && none.isEmpty()) ? List.of() : Channel.readAll(given);
        Object enabled = json.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new InvalidValueException("enabled", "must be true or false");
        }
        Optional<Instant> muted = Optional.empty();
        if (json.get("muted_until") != null) {
            Instant until = json.get("muted_until") instanceof String text ? Rfc3339.parse(text) : null;
            if (until == null) {
                throw new InvalidValueException("muted_until", "must be an RFC 3339 instant such as 2027-01-01T09:00:00Z, or null");
            }
            muted = Optional.of(until);
        }
        Object currency = json.get("currency");
        if (currency != null && !(currency instanceof String)) {
            throw new InvalidValueException("currency", "must be an ISO 4217 code such as EUR");
        }
        return new AlertRuleDefinition(name.strip(), source, scope, window, condition, severity, every, channels, !Boolean.FALSE.equals(enabled),
                muted, Optional.ofNullable((String) currency));
    }

    private static AlertCondition condition(Object given) {
        if (!(given instanceof Map<?, ?> map)) {
            throw new InvalidValueException("condition", "is required: {\"op\": …, \"threshold\": …}");
        }
        for (Object field : map.keySet()) {
            if (!CONDITION_FIELDS.contains(String.valueOf(field))) {
                throw new InvalidValueException("condition." + field, "is not a field of a condition; they are clear_threshold, for_evaluations,"
                        + " no_data, op, threshold");
            }
        }
        if (!(map.get("op") instanceof String op)) {
            throw new InvalidValueException("condition.op", "is required: above, below, change_pct_above, change_pct_below or limit_pct_above");
        }
        BigDecimal threshold = number(map.get("threshold"), "condition.threshold")
                .orElseThrow(() -> new InvalidValueException("condition.threshold", "is required: a number"));
        Optional<BigDecimal> clear = number(map.get("clear_threshold"), "condition.clear_threshold");
        Object times = map.get("for_evaluations");
        if (times != null && !(times instanceof Integer)) {
            throw new InvalidValueException("condition.for_evaluations", "must be a whole number, 1 to " + AlertCondition.MAX_FOR_EVALUATIONS);
        }
        NoDataPolicy noData = map.get("no_data") instanceof String text ? NoDataPolicy.fromWireName(text, "condition.no_data") : NoDataPolicy.NO_DATA;
        return new AlertCondition(AlertOp.fromWireName(op, "condition.op"), threshold, clear, times == null ? 1 : (Integer) times, noData);
    }

    /** A number given as a JSON number or a decimal string. */
    private static Optional<BigDecimal> number(Object given, String field) {
        if (given == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(given instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal((String) given));
        } catch (ClassCastException | NumberFormatException e) {
            throw new InvalidValueException(field, "must be a number");
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static Duration interval(Object given) {
        Matcher matcher = given instanceof String text ? INTERVAL.matcher(text.strip()) : null;
        if (matcher == null || !matcher.matches()) {
            throw new InvalidValueException("evaluate_every", "must be a duration such as 30s, 5m, 1h or 1d (10s to 1d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The definition as the API shows it and {@link #read} takes it back. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        switch (source) {
            case AlertSource.Metric metric -> json.put("metric", metric.metric().value());
            case AlertSource.SavedQuery query -> json.put("saved_query", Map.of("id", query.id().toString(), "params", query.params()));
        }
        json.put("scope", scope.json());
        json.put("window", window.wireName());
        Map<String, Object> when = new LinkedHashMap<>();
        when.put("op", condition.op().wireName());
        when.put("threshold", condition.threshold().toPlainString());
        condition.clearThreshold().ifPresent(clear -> when.put("clear_threshold", clear.toPlainString()));
        when.put("for_evaluations", condition.forEvaluations());
        when.put("no_data", condition.noData().wireName());
        json.put("condition", when);
        json.put("severity", severity.wireName());
        json.put("evaluate_every", text(evaluateEvery));
        json.put("channels", channels.stream().map(Channel::json).toList());
        json.put("enabled", enabled);
        json.put("muted_until", mutedUntil.map(Instant::toString).orElse(null));
        currency.ifPresent(code -> json.put("currency", code));
        return json;
    }

    /** The definition, enabled or disabled. */
    public AlertRuleDefinition withEnabled(boolean on) {
        return new AlertRuleDefinition(name, source, scope, window, condition, severity, evaluateEvery, channels, on, mutedUntil, currency);
    }

    private static String text(Duration every) {
        long seconds = every.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
