package io.tally.application.port.out;

import java.util.function.Supplier;

/** Runs work atomically: every write inside commits together, or none does when the work throws. */
public interface TransactionPort {

    <T> T inTransaction(Supplier<T> work);
}
