package io.tally.application.port.in.bulk;

/** Reverts a customer change, once (a second revert is refused), audited. */
public interface RevertCustomerChangeUseCase {

    CustomerChangeRevert revertCustomerChange(RevertCustomerChangeCommand command);
}
