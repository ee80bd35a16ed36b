package io.tally.application.service.alert;

import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.metric.MetricUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an alert notification says, in e-mail (HTML and text) and in a webhook's JSON: the rule and its severity, whom it
 * is about (the customer's name, and a link to it), the value and the threshold with the figure's unit, the window, and
 * whether the alert fires, is resolved, is a test, or is a plan limit crossed.
 *
 * @param rule the rule as it is now (empty: deleted since, or a quota crossing)
 * @param subjectName the customer's display name (empty for the tenant)
 * @param customerLink the customer's address on the API (empty for the tenant)
 */
record AlertNotices(AlertEvent event, Optional<AlertRule> rule, MetricUnit unit, Optional<String> currency, Optional<String> subjectName,
                    Optional<URI> customerLink, ZoneId zone) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** {@code alert.firing}, {@code alert.resolved}, {@code alert.test}, {@code alert.no_data}, {@code alert.ok} or {@code quota.crossed}. */
    String type() {
        return switch (event.kind()) {
            case TEST -> "alert.test";
            case QUOTA -> "quota.crossed";
            case TRANSITION -> event.resolves() ? "alert.resolved" : "alert." + event.to().wireName();
        };
    }

    /** FIRING, RESOLVED, TEST or LIMIT, as the subject line starts. */
    private String headline() {
        return switch (event.kind()) {
            case TEST -> "TEST";
            case QUOTA -> "LIMIT";
            case TRANSITION -> event.resolves() ? "RESOLVED" : event.to().wireName().toUpperCase(Locale.ROOT);
        };
    }

    private String who() {
        return event.subject().customer().map(id -> subjectName.filter(name -> !name.equals(id.value())).map(name -> name + " (" + id.value() + ")")
                .orElse(id.value())).orElse("the whole tenant");
    }

    /** The comparison in words: {@code 7 is above 5}, {@code 81.2 % of the limit (alert at 80 %)}. */
    String comparison() {
        String value = event.value().map(this::amount).orElse("no data");
        String threshold = amount(event.threshold());
        if (event.kind() == AlertEvent.Kind.QUOTA) {
            return value + " of the plan limit used (alert at " + threshold + ")";
        }
        String op = rule.map(r -> r.definition().condition().op().wireName()).orElse("");
        String against = switch (op) {
            case "above" -> "threshold: above ";
            case "below" -> "threshold: below ";
            case "change_pct_above" -> "threshold: a change above ";
            case "change_pct_below" -> "threshold: a change below ";
            case "limit_pct_above" -> "threshold: above ";
            default -> "threshold ";
        };
        String what = op.startsWith("change_pct") ? "change from the window before: " : op.equals("limit_pct_above") ? "share of the plan limit: " : "value: ";
        return what + value + " (" + against + threshold + rule.flatMap(r -> r.definition().condition().clearThreshold())
                .map(clear -> ", clears at " + amount(clear)).orElse("") + ")";
    }

    String subjectLine() {
        String name = event.ruleName();
        return "[" + headline() + " · " + event.severity().wireName() + "] " + name + ": " + who()
                + (event.resolves() ? " is back to normal" : "");
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append(subjectLine()).append("\n\n");
        if (event.isTest()) {
            text.append("This is a test of the alert's channels; the alert's state did not change.\n\n");
        }
        text.append("Alert: ").append(event.ruleName()).append('\n');
        text.append("Severity: ").append(event.severity().wireName()).append('\n');
        text.append("Subject: ").append(who()).append('\n');
        text.append("State: ").append(event.from().wireName()).append(" -> ").append(event.to().wireName()).append('\n');
        text.append(capitalised(comparison())).append('\n');
        window().ifPresent(window -> text.append("Window: ").append(window).append('\n'));
        text.append("At: ").append(local(event)).append('\n');
        customerLink.ifPresent(link -> text.append("Customer: ").append(link).append('\n'));
        text.append("\nSent by Tally, event ").append(event.id()).append(".\n");
        return text.toString();
    }

    String html() {
        String colour = event.resolves() ? "#1a7f37" : event.isTest() ? "#57606a" : switch (event.severity()) {
            case CRITICAL -> "#b42318";
            case HIGH -> "#c4320a";
            case MEDIUM -> "#b54708";
            case LOW -> "#475467";
        };
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(subjectLine()))
                .append("</title></head><body style=\"font-family:sans-serif;color:#1f2328\">");
        html.append("<p style=\"display:inline-block;padding:4px 10px;border-radius:4px;color:#fff;background:").append(colour).append("\">")
                .append(escape(headline() + " · " + event.severity().wireName())).append("</p>");
        html.append("<h2 style=\"margin:8px 0\">").append(escape(event.ruleName())).append("</h2>");
        if (event.isTest()) {
            html.append("<p><em>This is a test of the alert's channels; the alert's state did not change.</em></p>");
        }
        html.append("<table style=\"border-collapse:collapse\">");
        row(html, "Subject", customerLink.map(link -> "<a href=\"" + escape(link.toString()) + "\">" + escape(who()) + "</a>").orElse(escape(who())));
        row(html, "State", escape(event.from().wireName() + " → " + event.to().wireName()));
        row(html, "Comparison", escape(capitalised(comparison())));
        window().ifPresent(window -> row(html, "Window", escape(window)));
        row(html, "At", escape(local(event)));
        html.append("</table><p style=\"color:#57606a;font-size:12px\">Sent by Tally, event ").append(event.id()).append(".</p></body></html>");
        return html.toString();
    }

    MailSenderPort.Message mail(List<String> to) {
        return new MailSenderPort.Message(to, subjectLine(), html(), text(), List.of());
    }

    /** The webhook's JSON body. */
    Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type());
        payload.put("test", event.isTest());
        Map<String, Object> eventJson = new LinkedHashMap<>();
        eventJson.put("id", event.id().toString());
        eventJson.put("kind", event.kind().wireName());
        eventJson.put("at", event.at().toString());
        eventJson.put("from", event.from().wireName());
        eventJson.put("to", event.to().wireName());
        payload.put("event", eventJson);
        Map<String, Object> ruleJson = new LinkedHashMap<>();
        event.rule().ifPresent(id -> ruleJson.put("id", id.toString()));
        ruleJson.put("name", event.ruleName());
        ruleJson.put("severity", event.severity().wireName());
        rule.map(AlertRule::definition).ifPresent(definition -> {
            Map<String, Object> json = definition.json();
            for (String field : List.of("metric", "saved_query", "scope", "window", "condition", "currency")) {
                if (json.containsKey(field)) {
                    ruleJson.put(field, json.get(field));
                }
            }
        });
        payload.put("rule", ruleJson);
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", event.subject().customer().isPresent() ? "customer" : "tenant");
        event.subject().customer().ifPresent(id -> subject.put("id", id.value()));
        subjectName.ifPresent(name -> subject.put("name", name));
        customerLink.ifPresent(link -> subject.put("url", link.toString()));
        payload.put("subject", subject);
        payload.put("value", event.value().map(BigDecimal::toPlainString).orElse(null));
        payload.put("threshold", event.threshold().toPlainString());
        payload.put("unit", unit.wireName());
        currency.ifPresent(code -> payload.put("currency", code));
        payload.put("summary", capitalised(comparison()));
        return payload;
    }

    private Optional<String> window() {
        return rule.map(AlertRule::definition).map(AlertRuleDefinition::window).map(window -> window.wireName().replace('_', ' '));
    }

    /** A value with its unit: {@code 7}, {@code 81.25 %}, {@code 1,204.50 EUR}, {@code 12.5 s}, {@code 300 MB}. */
    String amount(BigDecimal value) {
        int decimals = unit == MetricUnit.COUNT ? Math.max(0, Math.min(2, value.stripTrailingZeros().scale())) : 2;
        if (unit == MetricUnit.PERCENT || unit == MetricUnit.NUMBER || unit == MetricUnit.SECONDS || unit == MetricUnit.MEGABYTES) {
            decimals = Math.max(0, Math.min(6, value.stripTrailingZeros().scale()));
        }
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMinimumFractionDigits(unit == MetricUnit.MONEY ? 2 : 0);
        format.setMaximumFractionDigits(decimals);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        String number = format.format(value);
        return switch (unit) {
            case PERCENT -> number + " %";
            case MONEY -> number + currency.map(code -> " " + code).orElse("");
            case SECONDS -> number + " s";
            case MEGABYTES -> number + " MB";
            case COUNT, NUMBER -> number;
        };
    }

    private String local(AlertEvent at) {
        return LOCAL.format(at.at().atZone(zone)) + " " + zone.getId();
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th style=\"text-align:left;padding:4px 12px 4px 0;color:#57606a\">").append(label).append("</th><td style=\"padding:4px 0\">")
                .append(value).append("</td></tr>");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
