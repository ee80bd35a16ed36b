package io.tally.application.port.in.bulk;

import io.tally.application.port.in.Page;
import io.tally.domain.bulk.CustomerChange;

/** The tenant's customer changes, newest first. */
public interface ListCustomerChangesUseCase {

    Page<CustomerChange> listCustomerChanges(ListCustomerChangesQuery query);
}
