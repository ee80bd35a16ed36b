package io.tally.domain.billing;

/**
 * Which subscription states count towards MRR besides {@code active}. By default trials and {@code past_due}
 * subscriptions count as 0: a trial has not paid, and a past-due subscription may never pay.
 */
public record MrrPolicy(boolean countTrialing, boolean countPastDue) {

    public static final MrrPolicy DEFAULT = new MrrPolicy(false, false);

    public boolean counts(SubscriptionStatus status) {
        return switch (status) {
            case ACTIVE -> true;
            case TRIALING -> countTrialing;
            case PAST_DUE -> countPastDue;
            case CANCELED, ENDED -> false;
        };
    }
}
