package io.tally.bootstrap;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.tally.application.port.in.report.RunExportJobsUseCase;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs async exports on every node: each poll takes queued jobs one after another until none is left (the
 * database hands each job to one node only), and a slower schedule deletes expired files. Turned off with
 * {@code tally.exports.worker.enabled=false} (TALLY_EXPORTS_WORKER_ENABLED) on nodes that should only serve.
 */
@Singleton
@Requires(property = "tally.exports.worker.enabled", notEquals = "false")
class ExportJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExportJobRunner.class);

    private final RunExportJobsUseCase jobs;
    private final AtomicBoolean running = new AtomicBoolean();

    ExportJobRunner(RunExportJobsUseCase jobs) {
        this.jobs = jobs;
    }

    @Scheduled(fixedDelay = "${tally.exports.worker.poll-interval:1s}", initialDelay = "${tally.exports.worker.poll-interval:1s}")
    void runQueued() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            while (jobs.runNextExportJob()) {
                LOG.debug("ran an export job");
            }
        } catch (RuntimeException e) {
            LOG.warn("could not poll the export queue; trying again at the next poll", e);
        } finally {
            running.set(false);
        }
    }

    @Scheduled(fixedDelay = "${tally.exports.cleanup-interval:5m}", initialDelay = "30s")
    void expire() {
        try {
            int expired = jobs.expireExports();
            if (expired > 0) {
                LOG.info("deleted the files of {} expired exports", expired);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete expired export files; trying again at the next run", e);
        }
    }
}
