package io.tally.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.application.port.out.schedule.ScheduleStorePort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.application.service.schedule.ScheduledReports;
import io.tally.application.service.schedule.ScheduleRunner;
import io.tally.application.service.schedule.ScheduleService;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.application.port.out.AuditQueryPort;
import io.tally.application.port.out.BillingStorePort;
import io.tally.adapter.out.export.ReportRenderers;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.ExportJobStorePort;
import io.tally.application.port.out.ReportRendererPort;
import io.tally.application.port.out.ReportTemplateStorePort;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.application.port.out.bulk.UsageResetStorePort;
import io.tally.application.port.out.bulk.CustomerChangeStorePort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.DashboardStorePort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.ReadReplicaPort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.application.service.AuditLogService;
import io.tally.application.service.BillingAnalyticsService;
import io.tally.application.service.BillingFactsService;
import io.tally.application.service.CustomerService;
import io.tally.application.service.LimitService;
import io.tally.application.service.MeterService;
import io.tally.application.service.PlanService;
import io.tally.application.service.TenantService;
import io.tally.application.service.UsageAnalyticsService;
import io.tally.application.service.UsageEventService;
import io.tally.application.service.UsageResetService;
import io.tally.application.service.bulk.CustomerChangeService;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.application.service.metric.MetricService;
import io.tally.application.service.delivery.ChannelChecks;
import io.tally.application.service.insight.InsightService;
import io.tally.application.service.insight.TargetAssessor;
import io.tally.application.service.recommendation.RecommendationService;
import io.tally.application.service.target.TargetService;
import io.tally.application.service.token.ServiceTokenService;
import io.tally.application.service.status.OperationsStatusService;
import io.tally.application.port.out.operations.OperationsStatusPort;
import io.tally.application.port.out.token.ServiceTokenStorePort;
import io.tally.application.port.out.token.TokenSignerPort;
import io.tally.application.port.out.MetricTargetStorePort;
import io.tally.application.service.privacy.ConsentService;
import io.tally.application.service.privacy.PrivacyRequestService;
import io.tally.application.service.privacy.PrivacyRunner;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.privacy.PrivacyJobsPort;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.application.service.privacy.RetentionService;
import io.tally.application.port.out.privacy.RetentionStorePort;
import io.tally.application.port.out.privacy.ConsentStorePort;
import io.tally.application.service.alert.AlertMeasures;
import io.tally.application.service.alert.AlertRunner;
import io.tally.application.service.alert.AlertService;
import io.tally.application.port.out.alert.AlertJobsPort;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.service.dashboard.DashboardDataService;
import io.tally.application.service.dashboard.DashboardExportService;
import io.tally.application.service.report.ExportJobService;
import io.tally.application.service.report.ReportExports;
import io.tally.application.service.report.ReportService;
import io.tally.application.service.report.ReportTemplateService;
import io.tally.application.service.dashboard.DashboardService;
import io.tally.application.service.query.QueryChecks;
import io.tally.application.service.query.SavedQueryService;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import io.tally.domain.billing.MrrPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/**
 * Wires the plain-Java use cases to the adapters that implement their ports. The services know nothing of
 * Micronaut; this is the only place that builds them.
 */
@Factory
class UseCaseFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    TenantService tenantService(TenantStorePort tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new TenantService(tenants, audit, transactions, clock);
    }

    @Singleton
    UsageEventService usageEventService(UsageEventStorePort events, CustomerStorePort customers, ConsentStorePort consents, PrivacyDataPort privacy,
                                        TenantService tenants, TransactionPort transactions, OperationsTelemetryPort telemetry, Clock clock) {
        return new UsageEventService(events, customers, consents, privacy, tenants, transactions, telemetry, clock);
    }

    @Singleton
    ServiceTokenService serviceTokenService(ServiceTokenStorePort store, TokenSignerPort signer, AuditLogPort audit, TransactionPort transactions,
                                            TenantService tenants, Clock clock) {
        return new ServiceTokenService(store, signer, audit, transactions, tenants::current, clock);
    }

    @Singleton
    OperationsStatusService operationsStatusService(OperationsStatusPort status, TenantService tenants, Clock clock) {
        return new OperationsStatusService(status, tenants::current, clock);
    }

    @Singleton
    InsightService insightService(UsageAnalyticsService analytics, TargetAssessor targets, Clock clock) {
        return new InsightService(analytics, targets, clock);
    }

    @Singleton
    RecommendationService recommendationService(UsageAnalyticsService analytics, LimitService limits, CustomerStorePort customers, BillingStorePort billing,
                                                Clock clock) {
        return new RecommendationService(analytics, limits, customers, billing, clock);
    }

    @Singleton
    TargetAssessor targetAssessor(MetricTargetStorePort targets, MetricStorePort metrics, MeterStorePort meters, UsageAnalyticsService analytics) {
        return new TargetAssessor(targets, metrics, meters, analytics);
    }

    @Singleton
    TargetService targetService(MetricTargetStorePort targets, MetricStorePort metrics, MeterStorePort meters, CustomerStorePort customers,
                                TargetAssessor assessor, TenantService tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new TargetService(targets, metrics, meters, customers, assessor, tenants::current, audit, transactions, clock);
    }

    @Singleton
    PrivacyRequestService privacyRequestService(PrivacyRequestStorePort requests, PrivacyDataPort data, CustomerStorePort customers,
                                                TenantService tenants, PrivacyJobsPort jobs, AuditLogPort audit, TransactionPort transactions,
                                                Clock clock) {
        return new PrivacyRequestService(requests, data, customers, tenants::current, jobs, audit, transactions, clock);
    }

    @Singleton
    PrivacyRunner privacyRunner(PrivacyRequestStorePort requests, PrivacyDataPort data, CustomerStorePort customers, UsageHistoryPort history,
                                PrivacyJobsPort jobs, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new PrivacyRunner(requests, data, customers, history, jobs, audit, transactions, clock);
    }

    @Singleton
    RetentionService retentionService(RetentionStorePort store, TenantService tenants, DataWatermarkPort watermarks, AuditLogPort audit,
                                      TransactionPort transactions, Clock clock) {
        return new RetentionService(store, tenants::current, watermarks, audit, transactions, clock);
    }

    @Singleton
    ConsentService consentService(ConsentStorePort consents, PrivacyDataPort privacy, CustomerStorePort customers, TenantService tenants, AuditLogPort audit,
                                  TransactionPort transactions, Clock clock) {
        return new ConsentService(consents, privacy, customers, tenants::current, audit, transactions, clock);
    }

    @Singleton
    MeterService meterService(MeterStorePort meters, PlanStorePort plans, MetricStorePort metrics, TenantService tenants, AuditLogPort audit,
                              TransactionPort transactions, Clock clock) {
        return new MeterService(meters, plans, metrics, tenants, audit, transactions, clock);
    }

    @Singleton
    MetricService metricService(MetricStorePort metrics, MeterStorePort meters, TenantService tenants, AuditLogPort audit,
                                TransactionPort transactions, Clock clock) {
        return new MetricService(metrics, meters, tenants::current, audit, transactions, clock);
    }

    /**
     * Trials and past-due subscriptions count as 0 MRR unless {@code tally.billing.mrr.count-trialing} or
     * {@code tally.billing.mrr.count-past-due} (TALLY_BILLING_MRR_COUNT_TRIALING, …_COUNT_PAST_DUE) say otherwise.
     */
    @Singleton
    MrrPolicy mrrPolicy(@Value("${tally.billing.mrr.count-trialing:false}") boolean countTrialing,
                        @Value("${tally.billing.mrr.count-past-due:false}") boolean countPastDue) {
        return new MrrPolicy(countTrialing, countPastDue);
    }

    /** The one way figures are computed: meters through the usage store, billing measures from the billing facts. */
    @Singleton
    MetricEngine metricEngine(UsageAggregationPort usage, MeterStorePort meters, BillingStorePort billing, MrrPolicy policy) {
        return new MetricEngine(usage, meters, new BillingMeasures(billing, policy));
    }

    /** Usage figures; summaries and queries read on the read replica when one is configured and usable. */
    @Singleton
    UsageAnalyticsService usageAnalyticsService(UsageAggregationPort usage, CustomerStorePort customers, MetricStorePort metrics,
                                                TenantService tenants, MeterService meters, MetricEngine engine, ReadReplicaPort replica,
                                                Clock clock) {
        return new UsageAnalyticsService(usage, customers, metrics, tenants, meters, engine, replica, clock);
    }

    @Singleton
    SavedQueryService savedQueryService(SavedQueryStorePort store, UsageAnalyticsService analytics, MetricStorePort metrics,
                                        MeterStorePort meters, TenantService tenants, AuditLogPort audit, TransactionPort transactions,
                                        Clock clock) {
        return new SavedQueryService(store, analytics, metrics, meters, tenants::current, audit, transactions, UUID::randomUUID, clock);
    }

    @Singleton
    DashboardService dashboardService(DashboardStorePort store, SavedQueryStorePort savedQueries, MetricStorePort metrics, MeterStorePort meters,
                                      TenantService tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new DashboardService(store, savedQueries, new QueryChecks(metrics, meters), tenants::current, audit, transactions,
                UUID::randomUUID, clock);
    }

    /**
     * Dashboards' data, each widget on the blocking executor; answers cached per node (holding at most
     * {@code tally.dashboards.cache.cells} values together, default 1,000,000) while the tenant's data watermark stands,
     * for at most {@code tally.dashboards.cache.max-age} (default 60 s).
     */
    @Singleton
    DashboardDataService dashboardDataService(DashboardStorePort store, SavedQueryStorePort savedQueries, UsageAnalyticsService analytics,
                                              DataWatermarkPort watermarks, TenantService tenants,
                                              @Value("${tally.dashboards.cache.cells:1000000}") long cells,
                                              @Value("${tally.dashboards.cache.max-age:60s}") Duration maxAge,
                                              @Named(TaskExecutors.BLOCKING) ExecutorService executor, TargetAssessor targets,
                                              ReadReplicaPort replica, Clock clock) {
        return new DashboardDataService(store, savedQueries, analytics, watermarks, tenants::current, cells, maxAge, executor, targets, replica,
                clock);
    }

    @Singleton
    DashboardExportService dashboardExportService(DashboardDataService data, CustomerStorePort customers, TenantService tenants,
                                                  ReportExports exports, Clock clock) {
        return new DashboardExportService(data, customers, tenants::current, exports, clock);
    }

    @Singleton
    BillingFactsService billingFactsService(BillingStorePort billing, CustomerStorePort customers, PrivacyDataPort privacy, TenantService tenants,
                                            TransactionPort transactions, Clock clock) {
        return new BillingFactsService(billing, customers, privacy, tenants, transactions, clock);
    }

    @Singleton
    BillingAnalyticsService billingAnalyticsService(BillingStorePort billing, CustomerStorePort customers, TenantService tenants,
                                                    MrrPolicy policy, MetricEngine engine, Clock clock) {
        return new BillingAnalyticsService(billing, customers, tenants, policy, engine, clock);
    }

    /** The CSV, PDF, JSON, XLSX and HTML renderers of adapters-export. */
    @Singleton
    ReportRendererPort reportRenderers() {
        return new ReportRenderers();
    }

    @Singleton
    ReportExports reportExports(ReportRendererPort renderer, UsageEventService usageEvents, AuditLogPort audit, TransactionPort transactions,
                                Clock clock) {
        return new ReportExports(renderer, usageEvents, audit, transactions, clock);
    }

    /** Report templates: the built-in ones (from the jar) and the tenant's own, checked against its catalogue when saved. */
    @Singleton
    ReportTemplateService reportTemplateService(ReportTemplateStorePort store, SavedQueryStorePort savedQueries, MetricStorePort metrics,
                                                MeterStorePort meters, TenantService tenants, AuditLogPort audit, TransactionPort transactions,
                                                Clock clock) {
        return new ReportTemplateService(store, savedQueries, metrics, new QueryChecks(metrics, meters), tenants::current, audit, transactions,
                clock);
    }

    /** Any report template as a file: its figures asked through the query model, then rendered and recorded. */
    @Singleton
    ReportService reportService(ReportTemplateService templates, UsageAnalyticsService analytics, SavedQueryStorePort savedQueries,
                                UsageHistoryPort history, CustomerStorePort customers, MetricStorePort metrics, TenantService tenants,
                                ReportExports exports, Clock clock) {
        return new ReportService(templates, analytics, savedQueries, history, customers, metrics, tenants::current, exports, clock);
    }

    @Singleton
    ScheduledReports scheduledReports(ReportService reports, DashboardExportService dashboardExports, DashboardService dashboards) {
        return ScheduledReports.of(reports, dashboardExports, dashboards);
    }

    @Singleton
    ChannelChecks channelChecks(MailSenderPort mail, WebhookSenderPort webhooks, TenantStorePort tenants) {
        return new ChannelChecks(mail, webhooks, tenants);
    }

    @Singleton
    ScheduleService scheduleService(ScheduleStorePort store, ScheduleJobsPort jobs, ScheduledReports reports, ChannelChecks channels,
                                    DownloadLinkPort links, TenantStorePort tenantStore, TenantService tenants, AuditLogPort audit,
                                    TransactionPort transactions, Clock clock) {
        return new ScheduleService(store, jobs, reports, channels, links, tenantStore, tenants::current, audit, transactions,
                UUID::randomUUID, clock);
    }

    /** {@code TALLY_DELIVERY_RETRY_BACKOFF}: the waits before each retry of a failed delivery, default 1m,5m,30m,2h (5 attempts). */
    @Singleton
    ScheduleRunner scheduleRunner(ScheduleStorePort store, ScheduleJobsPort jobs, ScheduledReports reports,
                                  MailSenderPort mail, WebhookSenderPort webhooks, DownloadLinkPort links, TenantStorePort tenants,
                                  DataWatermarkPort watermarks, AuditLogPort audit, TransactionPort transactions,
                                  @Value("${tally.delivery.retry-backoff:1m,5m,30m,2h}") String backoff, OperationsTelemetryPort telemetry,
                                  Clock clock) {
        return new ScheduleRunner(store, jobs, reports, mail, webhooks, links, tenants, watermarks, audit, transactions,
                RetryBackoff.parse(backoff), telemetry, UUID::randomUUID, clock);
    }

    @Singleton
    AlertMeasures alertMeasures(MetricEngine engine, MetricStorePort metrics, MeterStorePort meters, SavedQueryStorePort queries,
                                CustomerStorePort customers, LimitService limits, PlanStorePort plans) {
        return new AlertMeasures(engine, metrics, meters, queries, customers, limits, plans);
    }

    /** Notifications are retried as deliveries are ({@code TALLY_DELIVERY_RETRY_BACKOFF}). */
    @Singleton
    AlertRunner alertRunner(AlertStorePort store, AlertJobsPort jobs, AlertMeasures measures, MailSenderPort mail, WebhookSenderPort webhooks,
                            DownloadLinkPort links, CustomerStorePort customers, TenantStorePort tenantStore, TenantService tenants,
                            AuditLogPort audit, TransactionPort transactions,
                            @Value("${tally.delivery.retry-backoff:1m,5m,30m,2h}") String backoff, OperationsTelemetryPort telemetry,
                            Clock clock) {
        return new AlertRunner(store, jobs, measures, mail, webhooks, links, customers, tenantStore, tenants::current, audit, transactions,
                RetryBackoff.parse(backoff), telemetry, UUID::randomUUID, clock);
    }

    @Singleton
    AlertService alertService(AlertStorePort store, AlertJobsPort jobs, AlertMeasures measures, AlertRunner runner, ChannelChecks channels,
                              TenantService tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new AlertService(store, jobs, measures, runner, channels, tenants::current, audit, transactions, UUID::randomUUID, clock);
    }

    @Singleton
    ExportJobService exportJobService(ReportService reports, ExportJobStorePort jobs, TenantService tenants,
                                      @Value("${tally.exports.worker.claim-timeout:2m}") Duration claimTimeout, Clock clock) {
        return new ExportJobService(reports, jobs, tenants::current, UUID::randomUUID, claimTimeout, clock);
    }

    @Singleton
    PlanService planService(PlanStorePort plans, MeterService meters, TenantService tenants, AuditLogPort audit, TransactionPort transactions,
                            Clock clock) {
        return new PlanService(plans, meters, tenants, audit, transactions, clock);
    }

    @Singleton
    LimitService limitService(PlanService plans, BillingStorePort billing, CustomerStorePort customers,
                              UsageAggregationPort usage, MeterService meters, UsageEventService events, TenantService tenants,
                              TransactionPort transactions, Clock clock) {
        return new LimitService(plans, billing, customers, usage, meters, events, tenants, transactions, clock);
    }

    @Singleton
    UsageResetService usageResetService(UsageResetStorePort resets, PlanStorePort plans, TenantService tenants, AuditLogPort audit,
                                        TransactionPort transactions, Clock clock) {
        return new UsageResetService(resets, plans, tenants, audit, transactions, UUID::randomUUID, clock);
    }

    @Singleton
    CustomerChangeService customerChangeService(CustomerChangeStorePort changes, PlanStorePort plans, DataWatermarkPort watermarks,
                                                TenantService tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        return new CustomerChangeService(changes, plans, watermarks, tenants::current, audit, transactions, UUID::randomUUID, clock);
    }

    @Singleton
    AuditLogService auditLogService(AuditQueryPort log, TenantService tenants) {
        return new AuditLogService(log, tenants);
    }

    @Singleton
    CustomerService customerService(CustomerStorePort customers, PrivacyDataPort privacy, TenantService tenants, Clock clock) {
        return new CustomerService(customers, privacy, tenants, clock);
    }
}
