package io.tally.application.port.in.privacy;

/** A customer's consent now and its history (viewers and above; a token limited to customers for its own). */
public interface GetCustomerConsentsUseCase {

    CustomerConsents customerConsents(CustomerConsentsQuery query);
}
