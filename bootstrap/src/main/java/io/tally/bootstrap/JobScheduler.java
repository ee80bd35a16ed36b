package io.tally.bootstrap;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.stats.MicrometerStatsRegistry;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.tally.application.port.in.alert.admin.RunAlertJobsUseCase;
import io.tally.application.port.in.privacy.RunPrivacyRequestsUseCase;
import io.tally.application.port.in.privacy.RunRetentionUseCase;
import io.tally.application.port.out.privacy.PrivacyJobsPort;
import io.tally.application.port.in.schedule.RunScheduledJobsUseCase;
import io.tally.application.port.out.alert.AlertJobsPort;
import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.domain.tenant.TenantId;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-safe job runner: db-scheduler over the {@code scheduled_tasks} table. Every node polls it; an execution is
 * picked by one node only, heart-beats while it runs, and is revived on another node when its node stops heart-beating
 * ({@code TALLY_JOBS_HEARTBEAT_INTERVAL} × {@code TALLY_JOBS_MISSED_HEARTBEATS}, 5 s × 6 by default). Its tasks:
 * <ul>
 * <li>{@code schedule-fire}, one per enabled schedule, due at its next fire time: makes the fire's run and re-arms itself
 * at the fire time after it;</li>
 * <li>{@code schedule-run}, one per run: renders the files and makes the deliveries;</li>
 * <li>{@code schedule-delivery}, one per delivery: an attempt, re-armed at the next retry until the delivery is done;</li>
 * <li>{@code schedule-files-cleanup}, every 10 minutes: deletes files whose retention ended;</li>
 * <li>{@code schedule-rearm}, at start and every 10 minutes: arms the next fire of an enabled schedule that has none
 * (its arming failed after it was saved);</li>
 * <li>{@code alert-evaluate}, one per enabled alert rule: evaluates it and re-arms itself {@code evaluate_every} later;</li>
 * <li>{@code alert-notification}, one per notification: an attempt, re-armed at the next retry until it is done;</li>
 * <li>{@code alert-sweep}, at start and every minute: hands over notifications whose handing-over was lost, and arms
 * rules that have no evaluation;</li>
 * <li>{@code quota-alerts}, every {@code TALLY_ALERTS_QUOTA_CHECK_INTERVAL} (1 minute by default): each customer's use of
 * every plan limit with {@code alert_at_pct};</li>
 * <li>{@code retention-cleanup}, at start and every day: each tenant's retention, then the monthly partitions of usage
 * events every tenant's retention has passed;</li>
 * <li>{@code privacy-request}, one per data subject's request: carries it out (taken up again on another node when its node
 * stops);</li>
 * <li>{@code privacy-sweep}, at start and every minute: hands over open requests that have no job, and deletes access files
 * whose 7 days ran out.</li>
 * </ul>
 * Times are the application's clock's. {@code TALLY_JOBS_ENABLED=false} keeps a node from running jobs (it still arms them).
 */
@Singleton
class JobScheduler implements ScheduleJobsPort, AlertJobsPort, PrivacyJobsPort, ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    static final String FIRE = "schedule-fire";
    static final String RUN = "schedule-run";
    static final String DELIVERY = "schedule-delivery";
    static final String CLEANUP = "schedule-files-cleanup";
    static final String REARM = "schedule-rearm";
    static final String EVALUATE = "alert-evaluate";
    static final String NOTIFY = "alert-notification";
    static final String SWEEP = "alert-sweep";
    static final String QUOTA = "quota-alerts";
    static final String RETENTION = "retention-cleanup";
    static final String PRIVACY = "privacy-request";
    static final String PRIVACY_SWEEP = "privacy-sweep";

    private final BeanProvider<RunScheduledJobsUseCase> jobs;
    private final Clock clock;
    private final boolean enabled;
    private final Duration retryAfter;
    private final String node;
    private final CustomTask<String> fire;
    private final CustomTask<String> run;
    private final CustomTask<String> delivery;
    private final CustomTask<String> evaluate;
    private final CustomTask<String> notify;
    private final CustomTask<String> privacy;
    private final Scheduler scheduler;
    private boolean started;

    JobScheduler(DataSource dataSource, BeanProvider<RunScheduledJobsUseCase> jobs, BeanProvider<RunAlertJobsUseCase> alerts,
                 BeanProvider<RunRetentionUseCase> retention, BeanProvider<RunPrivacyRequestsUseCase> requests, Clock clock,
                 @Value("${tally.jobs.enabled:true}") boolean enabled,
                 @Value("${tally.jobs.poll-interval:2s}") Duration pollInterval,
                 @Value("${tally.jobs.heartbeat-interval:5s}") Duration heartbeatInterval,
                 @Value("${tally.jobs.missed-heartbeats:6}") int missedHeartbeats,
                 @Value("${tally.jobs.retry-after:30s}") Duration retryAfter,
                 @Value("${tally.jobs.threads:4}") int threads,
                 @Value("${tally.alerts.quota-check-interval:1m}") Duration quotaInterval,
                 @Value("${tally.node-name:}") String nodeName, MeterRegistry meters) {
        this.jobs = jobs;
        this.clock = clock;
        this.enabled = enabled;
        this.retryAfter = retryAfter;
        this.node = nodeName.isBlank() ? defaultNodeName() : nodeName.strip();
        this.fire = Tasks.custom(FIRE, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            Fire data = Fire.parse(instance.getData());
            Optional<Instant> next = jobs.get().fireSchedule(data.tenant(), UUID.fromString(instance.getId()), data.at());
            return next.<CompletionHandler<String>>map(at -> (complete, operations) -> operations.reschedule(complete, at, new Fire(data.tenant(), at).text()))
                    .orElse((complete, operations) -> operations.remove());
        });
        this.run = Tasks.custom(RUN, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            jobs.get().makeRun(TenantId.of(instance.getData()), UUID.fromString(instance.getId()), node);
            return (complete, operations) -> operations.remove();
        });
        this.delivery = Tasks.custom(DELIVERY, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            Optional<Instant> next = jobs.get().attemptDelivery(TenantId.of(instance.getData()), UUID.fromString(instance.getId()));
            return next.<CompletionHandler<String>>map(at -> (complete, operations) -> operations.reschedule(complete, at))
                    .orElse((complete, operations) -> operations.remove());
        });
        this.evaluate = Tasks.custom(EVALUATE, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            Optional<Instant> next = alerts.get().evaluateRule(TenantId.of(instance.getData()), UUID.fromString(instance.getId()));
            return next.<CompletionHandler<String>>map(at -> (complete, operations) -> operations.reschedule(complete, at))
                    .orElse((complete, operations) -> operations.remove());
        });
        this.notify = Tasks.custom(NOTIFY, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            Optional<Instant> next = alerts.get().attemptNotification(TenantId.of(instance.getData()), UUID.fromString(instance.getId()));
            return next.<CompletionHandler<String>>map(at -> (complete, operations) -> operations.reschedule(complete, at))
                    .orElse((complete, operations) -> operations.remove());
        });
        this.privacy = Tasks.custom(PRIVACY, String.class).onFailure(retryLater()).onDeadExecutionRevive().execute((instance, context) -> {
            Optional<Instant> later = requests.get().runPrivacyRequest(TenantId.of(instance.getData()), UUID.fromString(instance.getId()));
            return later.<CompletionHandler<String>>map(at -> (complete, operations) -> operations.reschedule(complete, at))
                    .orElseGet(() -> (complete, operations) -> operations.remove());
        });
        RecurringTask<Void> privacySweep = Tasks.recurring(PRIVACY_SWEEP, FixedDelay.ofMinutes(1)).execute((instance, context) -> {
            int handed = requests.get().sweepPrivacyRequests();
            if (handed > 0) {
                LOG.debug("privacy sweep handed {} open requests to the job runner or deleted expired access files", handed);
            }
        });
        RecurringTask<Void> sweep = Tasks.recurring(SWEEP, FixedDelay.ofMinutes(1)).execute((instance, context) -> {
            int handed = alerts.get().sweep();
            if (handed > 0) {
                LOG.info("alert sweep handed {} notifications or evaluations to the job runner", handed);
            }
        });
        RecurringTask<Void> quota = Tasks.recurring(QUOTA, FixedDelay.of(quotaInterval)).execute((instance, context) -> {
            int crossed = alerts.get().checkQuotaAlerts();
            if (crossed > 0) {
                LOG.info("{} plan limit alert shares were reached for the first time in their period", crossed);
            }
        });
        RecurringTask<Void> expire = Tasks.recurring(RETENTION, FixedDelay.ofHours(24)).execute((instance, context) -> {
            long deleted = retention.get().runRetention();
            if (deleted > 0) {
                LOG.info("retention deleted {} rows", deleted);
            }
        });
        RecurringTask<Void> cleanup = Tasks.recurring(CLEANUP, FixedDelay.ofMinutes(10)).execute((instance, context) -> {
            int expired = jobs.get().expireScheduleFiles();
            if (expired > 0) {
                LOG.info("deleted {} scheduled report files whose retention ended", expired);
            }
        });
        RecurringTask<Void> rearm = Tasks.recurring(REARM, FixedDelay.ofMinutes(10)).execute((instance, context) -> {
            int armed = jobs.get().armMissingFires();
            if (armed > 0) {
                LOG.warn("armed the next fire of {} schedules that had none", armed);
            }
        });
        List<Task<?>> known = List.of(fire, run, delivery, evaluate, notify, privacy);
        List<Task<?>> all = List.of(fire, run, delivery, evaluate, notify, privacy, cleanup, rearm, sweep, quota, expire, privacySweep);
        this.scheduler = Scheduler.create(DelegatingDataSource.unwrapDataSource(dataSource), known)
                .startTasks(cleanup, rearm, sweep, quota, expire, privacySweep)
                .statsRegistry(new MicrometerStatsRegistry(meters, all))
                .schedulerName(new SchedulerName.Fixed(node))
                .clock(clock::instant)
                .pollingInterval(pollInterval)
                .heartbeatInterval(heartbeatInterval)
                .missedHeartbeatsLimit(missedHeartbeats)
                .threads(threads)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    /** A fire's data: the tenant and the fire time it is due at (kept when a failed fire is retried later). */
    record Fire(TenantId tenant, Instant at) {

        String text() {
            return at + " " + tenant.value();
        }

        static Fire parse(String text) {
            int space = text.indexOf(' ');
            return new Fire(TenantId.of(text.substring(space + 1)), Instant.parse(text.substring(0, space)));
        }
    }

    private <T> FailureHandler<T> retryLater() {
        return (complete, operations) -> {
            LOG.warn("job {} failed; retrying in {}", complete.getExecution().taskInstance, retryAfter, complete.getCause().orElse(null));
            operations.reschedule(complete, clock.instant().plus(retryAfter));
        };
    }

    /** The name this node's picks are recorded under: {@code TALLY_NODE_NAME}, else host and process id. */
    private static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (enabled && !started) {
            started = true;
            scheduler.start();
            LOG.info("job runner started as {}", node);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (started) {
            started = false;
            scheduler.stop();
        }
    }

    String node() {
        return node;
    }

    @Override
    public void arm(TenantId tenant, UUID schedule, Instant fireTime) {
        TaskInstance<String> instance = fire.instance(schedule.toString(), new Fire(tenant, fireTime).text());
        client().schedule(instance, fireTime, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
    }

    @Override
    public boolean armIfAbsent(TenantId tenant, UUID schedule, Instant fireTime) {
        return client().scheduleIfNotExists(fire.instance(schedule.toString(), new Fire(tenant, fireTime).text()), fireTime);
    }

    @Override
    public void disarm(UUID schedule) {
        cancelUnlessPicked(TaskInstanceId.of(FIRE, schedule.toString()));
    }

    /** Cancels a job unless a node is running it (that run finishes, and its task finds nothing more to do). */
    private void cancelUnlessPicked(TaskInstanceId id) {
        if (client().getScheduledExecution(id).filter(execution -> !execution.isPicked()).isPresent()) {
            try {
                client().cancel(id);
            } catch (RuntimeException gone) {
                LOG.debug("job {} was gone or picked before it could be cancelled", id, gone);
            }
        }
    }

    @Override
    public void queueRun(TenantId tenant, UUID runId) {
        client().scheduleIfNotExists(run.instance(runId.toString(), tenant.value()), clock.instant());
    }

    @Override
    public void queueDelivery(TenantId tenant, UUID deliveryId, Instant at) {
        client().scheduleIfNotExists(delivery.instance(deliveryId.toString(), tenant.value()), at);
    }

    @Override
    public void armEvaluation(TenantId tenant, UUID rule, Instant at) {
        try {
            client().schedule(evaluate.instance(rule.toString(), tenant.value()), at, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
        } catch (RuntimeException running) {
            // a node is evaluating the rule right now: that evaluation re-arms it, and reads the rule as it is then
            LOG.debug("the evaluation of rule {} was running when it was re-armed", rule, running);
        }
    }

    @Override
    public boolean armEvaluationIfAbsent(TenantId tenant, UUID rule, Instant at) {
        return client().scheduleIfNotExists(evaluate.instance(rule.toString(), tenant.value()), at);
    }

    @Override
    public void disarmEvaluation(UUID rule) {
        cancelUnlessPicked(TaskInstanceId.of(EVALUATE, rule.toString()));
    }

    @Override
    public void queueNotification(TenantId tenant, UUID notification, Instant at) {
        client().scheduleIfNotExists(notify.instance(notification.toString(), tenant.value()), at);
    }

    @Override
    public void queueRequest(TenantId tenant, UUID request) {
        client().scheduleIfNotExists(privacy.instance(request.toString(), tenant.value()), clock.instant());
    }

    private SchedulerClient client() {
        return scheduler;
    }
}
