package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a value is compared with a rule's threshold. {@code above} is strictly greater and {@code below} strictly less:
 * a value equal to the threshold never breaches. The {@code change_pct_…} operators compare the change from the previous
 * window in percent; {@code limit_pct_above} the share of the customer's plan limit, in percent.
 */
public enum AlertOp {
    ABOVE(true), BELOW(false), CHANGE_PCT_ABOVE(true), CHANGE_PCT_BELOW(false), LIMIT_PCT_ABOVE(true);

    private final boolean upward;

    AlertOp(boolean upward) {
        this.upward = upward;
    }

    /** Whether a breach is a value above the threshold (else below it). */
    public boolean isUpward() {
        return upward;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertOp fromWireName(String name, String field) {
        for (AlertOp op : values()) {
            if (op.wireName().equals(name)) {
                return op;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a comparison; one of "
                + Arrays.stream(values()).map(AlertOp::wireName).collect(Collectors.joining(", ")));
    }
}
