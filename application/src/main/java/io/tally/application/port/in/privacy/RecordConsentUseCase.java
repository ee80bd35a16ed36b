package io.tally.application.port.in.privacy;

import io.tally.domain.privacy.ConsentRecord;

/** Appends a consent statement to a customer's history (the customer is made when it is new). */
public interface RecordConsentUseCase {

    ConsentRecord recordConsent(RecordConsentCommand command);
}
