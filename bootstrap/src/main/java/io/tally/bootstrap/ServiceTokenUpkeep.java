package io.tally.bootstrap;

import io.micronaut.scheduling.annotation.Scheduled;
import io.tally.application.port.in.token.ServiceTokenChecksUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's own upkeep of managed service tokens (it runs on every node, jobs enabled or not): the deny-list read
 * again every {@code tally.tokens.revocation-refresh} (2 s), so a token revoked on any node is refused here within
 * that and a query; the last uses written every {@code tally.tokens.last-used-flush} (5 s).
 */
@Singleton
class ServiceTokenUpkeep {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceTokenUpkeep.class);

    private final ServiceTokenChecksUseCase checks;

    ServiceTokenUpkeep(ServiceTokenChecksUseCase checks) {
        this.checks = checks;
    }

    @Scheduled(fixedDelay = "${tally.tokens.revocation-refresh:2s}", initialDelay = "0s")
    void refreshRevocations() {
        try {
            checks.refreshRevocations();
        } catch (RuntimeException e) {
            LOG.warn("could not read the revoked service tokens; the last list read stays in force: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${tally.tokens.last-used-flush:5s}", initialDelay = "${tally.tokens.last-used-flush:5s}")
    void recordUses() {
        try {
            checks.recordUses();
        } catch (RuntimeException e) {
            LOG.warn("could not write service tokens' last use; trying again: {}", e.toString());
        }
    }
}
