package io.tally.adapter.out.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Optional;

/**
 * Defers what may only happen once data is committed (caching an id that was just inserted) until the
 * surrounding transaction commits; when it rolls back, the action never runs. Outside a transaction the
 * action runs at once.
 */
@Singleton
public final class AfterCommit {

    private final TransactionOperations<Connection> transactions;

    AfterCommit(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    public void run(Runnable action) {
        Optional<? extends TransactionStatus<?>> status = transactions.findTransactionStatus();
        if (status.isEmpty() || status.get().isCompleted()) {
            action.run();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
