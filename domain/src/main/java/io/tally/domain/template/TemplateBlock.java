package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.query.QueryTemplate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a section of a report template holds, in order: tables and charts of queries, text, and the raw usage events.
 * A query is the analytics query's JSON form (its strings may say {@code {{param}}} for a template parameter) or a
 * shared saved query with values for its parameters; either answers for the report's customer (the whole tenant for a
 * tenant template) over the report's period, unless the query names a period of its own.
 */
public sealed interface TemplateBlock {

    int TEXT_MAX_LENGTH = 2000;
    int TITLE_MAX_LENGTH = 100;
    int HEADING_MAX_LENGTH = 60;
    int MAX_HEADINGS = 20;

    /** Where a table's or chart's figures come from. */
    sealed interface Source {
    }

    /** A query of the template's own, in its JSON form. */
    record Inline(QueryTemplate query) implements Source {
        public Inline {
            Objects.requireNonNull(query, "query");
        }
    }

    /** A saved query (shared with the tenant) and values for its parameters, as a JSON object. */
    record Saved(UUID id, QueryTemplate params) implements Source {
        public Saved {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(params, "params");
        }
    }

    /** How a table lays its figures out. */
    enum Rows {
        /** A row per group, the metrics' totals over the period (and the period before) in columns. */
        GROUPS,
        /** A row per bucket (hour, day, week, month), and per group of the metrics when they are split. */
        BUCKETS,
        /** A row per metric: its name, unit, value, and with a comparison the previous value and the growth. */
        METRICS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** In what order a table's groups come. */
    enum Order {
        /** By the first metric's total (the query's order_by, else its first metric), largest first unless the query says asc. */
        VALUE,
        /** By the groups' values, alphabetically, a missing value last. */
        LABEL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a chart draws. */
    enum ChartKind {
        /** Each metric (and group) as a line over the buckets. */
        LINE,
        /** Each metric (and group) as bars over the buckets. */
        BAR,
        /** The first metric's groups over the period as bars, largest first. */
        BREAKDOWN,
        /**
         * Each series (the first 3) over its finished buckets, then its forecast with 80 % and 95 % bands and its
         * anomalies marked, as insights read a series; with a table of the forecast buckets.
         */
        FORECAST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A table of a query. {@code shareOf} adds a column "Share %": each group's value of that metric over its total;
     * {@code headings} renames columns (by dimension, metric key, {@code @bucket}, {@code share}, or for a comparison
     * {@code previous} and {@code growth}); {@code noneLabel} shows a missing dimension value (default "(none)").
     */
    record Table(Source source, Rows rows, Order order, Optional<MetricKey> shareOf, Map<String, String> headings,
                 Optional<String> noneLabel) implements TemplateBlock {

        public Table {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(shareOf, "shareOf");
            headings = Collections.unmodifiableMap(new LinkedHashMap<>(headings));
            if (headings.size() > MAX_HEADINGS) {
                throw new InvalidValueException("headings", "may rename at most " + MAX_HEADINGS + " columns");
            }
            headings.forEach((column, heading) -> {
                String problem = io.tally.domain.common.Text.labelProblem(heading, HEADING_MAX_LENGTH);
                if (problem != null) {
                    throw new InvalidValueException("headings." + column, problem);
                }
            });
            Objects.requireNonNull(noneLabel, "noneLabel");
            noneLabel.ifPresent(label -> {
                String problem = io.tally.domain.common.Text.labelProblem(label, HEADING_MAX_LENGTH);
                if (problem != null) {
                    throw new InvalidValueException("none_label", problem);
                }
            });
        }
    }

    /** A chart of a query, with its title; a money metric gets a chart per currency. */
    record Chart(ChartKind chart, String title, Source source) implements TemplateBlock {

        public Chart {
            Objects.requireNonNull(chart, "chart");
            String problem = io.tally.domain.common.Text.labelProblem(title, TITLE_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("title", problem);
            }
            Objects.requireNonNull(source, "source");
        }
    }

    /** Words: what the section's figures mean. May say {@code {{param}}} and the report's placeholders. */
    record Text(String text) implements TemplateBlock {

        public Text {
            Objects.requireNonNull(text, "text");
            if (text.isBlank() || text.length() > TEXT_MAX_LENGTH) {
                throw new InvalidValueException("text", "must be 1 to " + TEXT_MAX_LENGTH + " characters");
            }
            String problem = io.tally.domain.common.Text.characterProblem(text.replace('\n', ' '));
            if (problem != null) {
                throw new InvalidValueException("text", problem);
            }
        }
    }

    /**
     * The customer's raw usage events in the period, one row per event, streamed: a column per dimension and measure in
     * CSV, XLSX and JSON, the data in one column on a page (PDF, HTML, at most 50,000 events). Only in a customer
     * template.
     */
    record Events() implements TemplateBlock {
    }

    static <E extends Enum<E>> E wireValue(Class<E> type, String value, String field) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
