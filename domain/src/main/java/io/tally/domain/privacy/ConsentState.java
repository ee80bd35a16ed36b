package io.tally.domain.privacy;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A customer's consent now, per category: the latest record by the time it was given ({@code at}; recorded later wins a
 * tie). A record sent late, about an earlier moment, goes into the history and does not undo a newer one.
 */
public record ConsentState(Map<String, ConsentRecord> current) {

    private static final Comparator<ConsentRecord> LATEST = Comparator.comparing(ConsentRecord::at).thenComparing(ConsentRecord::recordedAt);

    public ConsentState {
        current = Map.copyOf(current);
    }

    public static ConsentState of(Collection<ConsentRecord> history) {
        Map<String, ConsentRecord> latest = new TreeMap<>();
        for (ConsentRecord record : history) {
            latest.merge(record.category(), record, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
        }
        return new ConsentState(new LinkedHashMap<>(latest));
    }

    /** The current record of a category (empty: none ever recorded). */
    public Optional<ConsentRecord> of(String category) {
        return Optional.ofNullable(current.get(category));
    }

    /** Whether the customer's consent is currently given for every one of {@code categories}. */
    public boolean givenForAll(Set<String> categories) {
        return categories.stream().allMatch(category -> of(category).map(ConsentRecord::given).orElse(false));
    }

    /** The categories of {@code required} not currently given, in order. */
    public List<String> missing(Set<String> required) {
        return required.stream().sorted().filter(category -> !of(category).map(ConsentRecord::given).orElse(false)).toList();
    }
}
