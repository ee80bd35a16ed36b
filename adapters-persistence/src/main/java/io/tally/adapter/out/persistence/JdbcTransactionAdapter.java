package io.tally.adapter.out.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.tally.application.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/** Transactions on the default data source; hand-written SQL and repositories inside join them. */
@Singleton
final class JdbcTransactionAdapter implements TransactionPort {

    private final TransactionOperations<Connection> transactions;

    JdbcTransactionAdapter(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.executeWrite(status -> work.get());
    }
}
