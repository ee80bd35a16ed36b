package io.tally.application.port.in.bulk;

import io.tally.domain.bulk.CustomerChange;

/** The admin bulk customer change: idempotent by key, set-based, audited in the same transaction, revertible. */
public interface ChangeCustomersUseCase {

    BulkResult<CustomerChange> changeCustomers(ChangeCustomersCommand command);
}
