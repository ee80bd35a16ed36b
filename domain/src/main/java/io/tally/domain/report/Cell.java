package io.tally.domain.report;

import io.tally.domain.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** One value of a table or a key figure. {@link Empty} is "no value" (an undefined ratio, a missing dimension). */
public sealed interface Cell {

    Cell EMPTY = new Empty();

    static Cell text(String value) {
        return value == null ? EMPTY : new Text(value);
    }

    static Cell number(BigDecimal value) {
        return value == null ? EMPTY : new Number(value);
    }

    static Cell number(long value) {
        return new Number(BigDecimal.valueOf(value));
    }

    static Cell money(Money value) {
        return value == null ? EMPTY : new Amount(value);
    }

    static Cell day(LocalDate value) {
        return value == null ? EMPTY : new Day(value);
    }

    static Cell moment(Instant value) {
        return value == null ? EMPTY : new Moment(value);
    }

    record Text(String value) implements Cell {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    record Number(BigDecimal value) implements Cell {
        public Number {
            Objects.requireNonNull(value, "value");
        }
    }

    record Amount(Money value) implements Cell {
        public Amount {
            Objects.requireNonNull(value, "value");
        }
    }

    record Day(LocalDate value) implements Cell {
        public Day {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An instant, shown in the report's timezone. */
    record Moment(Instant value) implements Cell {
        public Moment {
            Objects.requireNonNull(value, "value");
        }
    }

    record Empty() implements Cell {
    }
}
