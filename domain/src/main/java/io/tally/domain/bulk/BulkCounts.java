package io.tally.domain.bulk;

import java.util.List;

/** How many customers a bulk action applied to, did not find, and skipped. */
public record BulkCounts(int applied, int notFound, int skipped) {

    public static final BulkCounts NONE = new BulkCounts(0, 0, 0);

    public static BulkCounts of(List<BulkOutcome> outcomes) {
        int applied = 0;
        int notFound = 0;
        int skipped = 0;
        for (BulkOutcome outcome : outcomes) {
            switch (outcome.status()) {
                case APPLIED -> applied++;
                case NOT_FOUND -> notFound++;
                case SKIPPED -> skipped++;
            }
        }
        return new BulkCounts(applied, notFound, skipped);
    }
}
