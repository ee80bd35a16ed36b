package io.tally.adapter.out.export.presentation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The runs of a line: the stretches of values that are all there, between the gaps where a value is missing. */
public final class Runs {

    private Runs() {
    }

    /** One run: the values from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Run(int start, int end) {
    }

    /** The runs among the first {@code count} values, in order. */
    public static List<Run> of(List<BigDecimal> values, int count) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        while (start < count) {
            if (values.get(start) == null) {
                start++;
                continue;
            }
            int end = start;
            while (end < count && values.get(end) != null) {
                end++;
            }
            runs.add(new Run(start, end));
            start = end;
        }
        return runs;
    }
}
