package io.tally.application.service.report;

import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.RecordUsageUseCase;
import io.tally.application.port.in.report.ExportReceipt;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.ReportRendererPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Period;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Table;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.UsageEvent;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a built report through the renderer port and records it, whatever built it (a report, a dashboard): every
 * export is an {@code export.generated} usage event of its customer, or of the tenant (format, report, delivery; rows
 * and bytes), so the exports figures count Tally's own exports, and an audit entry.
 */
public final class ReportExports {

    static final String EXPORT_SOURCE = "tally";
    static final String AUDIT_ACTION = "export.generated";

    private final ReportRendererPort renderer;
    private final RecordUsageUseCase usageEvents;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public ReportExports(ReportRendererPort renderer, RecordUsageUseCase usageEvents, AuditLogPort audit, TransactionPort transactions,
                         Clock clock) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.usageEvents = Objects.requireNonNull(usageEvents, "usageEvents");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What an export is recorded as: the report's name (its usage event's {@code report} dimension and the audit
     * entry's target unless {@code target} names another), its format, the customer it is about (none: the tenant),
     * what the audit entry says besides (before rows and bytes), the async job (or scheduled file) it ran for, and how it
     * was delivered: {@code sync}, {@code async} or {@code scheduled}.
     */
    public record Record(String report, ExportFormat format, Optional<CustomerId> customer, Optional<String> target,
                         Map<String, Object> details, Optional<UUID> job, String delivery) {

        public Record {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(target, "target");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(delivery, "delivery");
        }

        /** Recorded as run at once ({@code sync}) or as an async job. */
        public Record(String report, ExportFormat format, Optional<CustomerId> customer, Optional<String> target, Map<String, Object> details,
                      Optional<UUID> job) {
            this(report, format, customer, target, details, job, job.isPresent() ? "async" : "sync");
        }
    }

    /**
     * Fails unless the actor may export about this customer (none: the whole tenant): an analyst or above, or a
     * customer-scoped token for a customer it sees; the whole tenant needs an unrestricted token. A customer outside
     * the token's scope is "not found".
     */
    public static void requireMayExport(Actor actor, Optional<CustomerId> customer) {
        requireExporter(actor);
        if (customer.isPresent()) {
            actor.requireVisible(customer.get());
        } else if (actor.customers().isRestricted()) {
            throw new ForbiddenException("tenant-wide reports need a token that is not limited to customers");
        }
    }

    /** Fails unless the actor may export at all: an analyst or above, or a customer-scoped token (for its customers). */
    public static void requireExporter(Actor actor) {
        boolean analyst = actor.kind() == Actor.Kind.USER && actor.roles().stream().anyMatch(role -> role.includes(Role.ANALYST));
        boolean scoped = actor.kind() == Actor.Kind.USER && actor.customers().isRestricted();
        if (!analyst && !scoped) {
            throw new ForbiddenException("exports need the analyst role (or a token limited to the customer exported)");
        }
    }

    /**
     * The note a scheduled report carries under its period: the moment its figures were read, in the report's timezone;
     * every event received until then is counted.
     */
    public static String dataCompleteNote(Instant asOf, TimeZoneId zone) {
        return "Data complete as of " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(asOf.atZone(zone.zone()))
                + " " + zone.value() + ": every event received until then is counted.";
    }

    /** A report ready to be written once, in {@code format}, and recorded when it has been. */
    public PreparedExport prepared(Actor actor, Report report, RenderOptions options, ExportFileName fileName, Record record) {
        return new Export(actor, report, options, fileName, record);
    }

    /** Records a finished export: its usage event and its audit entry. */
    void record(Actor actor, Record record, ExportReceipt receipt) {
        Instant now = clock.instant();
        String id = record.job().map(uuid -> "export-" + uuid).orElseGet(() -> "export-" + UUID.randomUUID());
        EventData data = EventData.of(Map.of("format", record.format().wireName(), "report", record.report(),
                        "delivery", record.delivery()),
                Map.of("rows", BigDecimal.valueOf(receipt.rows()), "bytes", BigDecimal.valueOf(receipt.bytes())));
        usageEvents.recordUsage(new RecordUsageCommand(actor.tenant(), List.of(new UsageEvent(new EventKey(EXPORT_SOURCE, id),
                EventType.EXPORT_GENERATED, record.customer(), now, true, data))));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("report", record.report());
        details.put("format", record.format().wireName());
        record.customer().ifPresent(c -> details.put("customer", c.value()));
        details.putAll(record.details());
        details.put("rows", receipt.rows());
        details.put("bytes", receipt.bytes());
        record.job().ifPresent(uuid -> details.put(record.delivery().equals("scheduled") ? "file_id" : "export_id", uuid.toString()));
        transactions.inTransaction(() -> {
            audit.append(AuditEntry.of(actor, now, AUDIT_ACTION, record.target().orElse(record.report()), details));
            return null;
        });
    }

    private final class Export extends PreparedExport {

        private final Actor actor;
        private final Report report;
        private final RenderOptions options;
        private final Record record;
        private boolean written;

        Export(Actor actor, Report report, RenderOptions options, ExportFileName fileName, Record record) {
            super(fileName, record.format(), report.sections().stream().flatMap(s -> s.blocks().stream())
                    .anyMatch(block -> block instanceof Table table && table.isStreamed()), new Period(report.from(), report.to(), report.zone()));
            this.actor = actor;
            this.report = report;
            this.options = options;
            this.record = record;
        }

        @Override
        public synchronized ExportReceipt writeTo(OutputStream out) throws IOException {
            if (written) {
                throw new IllegalStateException("an export is written once");
            }
            written = true;
            Counting counting = new Counting(out);
            long rows = renderer.render(report, record.format(), options, counting);
            counting.flush();
            ExportReceipt receipt = new ExportReceipt(rows, counting.count);
            record(actor, record, receipt);
            return receipt;
        }
    }

    /** Counts the bytes written through it; does not close what it wraps. */
    private static final class Counting extends FilterOutputStream {

        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
