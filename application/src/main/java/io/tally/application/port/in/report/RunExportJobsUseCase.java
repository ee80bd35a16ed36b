package io.tally.application.port.in.report;

/** The worker side of async exports, driven by a scheduler on every node. */
public interface RunExportJobsUseCase {

    /**
     * Claims the oldest queued job (or one whose node stopped renewing its claim) and runs it.
     *
     * @return whether there was a job to run
     */
    boolean runNextExportJob();

    /** Deletes the files of exports past their expiry and marks them expired; returns how many. */
    int expireExports();
}
