package io.tally.application.service.privacy;

import io.tally.application.port.in.privacy.RunPrivacyRequestsUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.privacy.PrivacyJobsPort;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort.StoredRequest;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.privacy.PrivacyRequest;
import io.tally.domain.privacy.ProfileCorrection;
import io.tally.domain.privacy.RequestType;
import io.tally.domain.privacy.Tombstone;
import io.tally.domain.tenant.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Carries out privacy requests as jobs, one at a time per request (the job runner picks each once). Each step is audited
 * ({@code privacy.request_started}, {@code _completed}, {@code _rejected}) and the request ends with a receipt: what
 * was done, per table. A request whose node stopped in it stays {@code in_progress} and is carried out again; every
 * step is written to be repeated safely.
 */
public final class PrivacyRunner implements RunPrivacyRequestsUseCase {

    /** How long an access request's zip may be downloaded. */
    public static final Duration FILE_KEPT = Duration.ofDays(7);
    static final String ACTOR = "privacy-jobs";
    /** How long a request waits while another one about the same customer is carried out. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(2);
    private static final int SWEEP_BATCH = 500;

    private final PrivacyRequestStorePort requests;
    private final PrivacyDataPort data;
    private final CustomerStorePort customers;
    private final AccessArchive archive;
    private final PrivacyJobsPort jobs;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public PrivacyRunner(PrivacyRequestStorePort requests, PrivacyDataPort data, CustomerStorePort customers, UsageHistoryPort history,
                         PrivacyJobsPort jobs, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.data = Objects.requireNonNull(data, "data");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.archive = new AccessArchive(history, data);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public int sweepPrivacyRequests() {
        int handed = 0;
        for (PrivacyRequestStorePort.Ref open : requests.open(SWEEP_BATCH)) {
            jobs.queueRequest(open.tenant(), open.id());
            handed++;
        }
        return handed + requests.expireFiles(clock.instant());
    }

    @Override
    public Optional<Instant> runPrivacyRequest(TenantId tenant, UUID id) {
        PrivacyRequestStorePort.Claim claim = requests.claim(tenant, id);
        switch (claim) {
            case ENDED -> {
                return Optional.empty();
            }
            case BUSY -> {
                // another request about the same customer is being carried out: one at a time, this one a little later
                return Optional.of(clock.instant().plus(BUSY_RETRY));
            }
            case STARTED, RESUMED -> {
            }
        }
        // read again: the customer's id is the tombstone once an earlier request erased them
        PrivacyRequest started = requests.find(tenant, id).orElseThrow().request();
        if (claim == PrivacyRequestStorePort.Claim.STARTED) {
            audit.append(entry(tenant, now(), "privacy.request_started", started, Map.of("type", started.type().wireName())));
        }
        run(tenant, started);
        return Optional.empty();
    }

    private void run(TenantId tenant, PrivacyRequest started) {
        Customer customer = customers.find(tenant, started.customer()).orElse(null);
        Map<String, Object> receipt;
        try {
            if (started.type() == RequestType.ERASURE && customer != null && Tombstone.isTombstone(customer.id())) {
                // an earlier attempt of this request erased the customer and stopped before it could record the receipt
                Map<String, Object> earlier = new LinkedHashMap<>();
                earlier.put("tombstone", customer.id().value());
                earlier.put("note", "the customer was erased at " + customer.erasedAt().orElse(null) + "; the counts of that run were not kept");
                finish(tenant, started, earlier);
                return;
            }
            boolean resumable = started.type() == RequestType.ERASURE && customer != null;
            if (customer == null || (customer.erasedAt().isPresent() && !resumable)) {
                throw new ConflictException("customer '" + started.customer().value() + "' was erased"
                        + (customer == null ? "" : " at " + customer.erasedAt().get()) + ": Tally keeps nothing more about them");
            }
            receipt = switch (started.type()) {
                case ACCESS -> access(tenant, started, customer);
                case ERASURE -> erasure(tenant, started, customer);
                case RECTIFICATION -> rectification(tenant, started, customer, started.changes().orElseThrow());
                case RESTRICTION, OBJECTION -> restriction(tenant, started, customer);
                case LIFT_RESTRICTION -> lift(tenant, started, customer);
            };
        } catch (ConflictException refused) {
            Instant at = now();
            PrivacyRequest rejected = started.reject(refused.getMessage(), at);
            transactions.inTransaction(() -> {
                requests.save(tenant, rejected, Optional.empty());
                audit.append(entry(tenant, at, "privacy.request_rejected", rejected, Map.of("type", rejected.type().wireName(), "reason", refused.getMessage())));
                return null;
            });
            return;
        }
        finish(tenant, started, receipt);
    }

    private void finish(TenantId tenant, PrivacyRequest started, Map<String, Object> receipt) {
        Instant at = now();
        receipt.put("completed_at", at.toString());
        PrivacyRequest completed = started.complete(at);
        Map<String, Object> done = receipt;
        transactions.inTransaction(() -> {
            requests.save(tenant, completed, Optional.of(done));
            Map<String, Object> details = new LinkedHashMap<>();
            // after an erasure, the customer is known by the tombstone only
            details.put("customer", done.getOrDefault("tombstone", completed.customer().value()));
            details.put("type", completed.type().wireName());
            details.putAll(done);
            audit.append(new AuditEntry(tenant, at, ACTOR, "privacy.request_completed", PrivacyRequestService.target(completed.id()), details,
                    PrivacyRequestService.target(completed.id())));
            return null;
        });
    }

    private Map<String, Object> access(TenantId tenant, PrivacyRequest request, Customer customer) {
        Instant at = now();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        long[] bytes = {0};
        AccessArchive.Written written;
        try (OutputStream file = requests.fileWriter(tenant, request.id());
             OutputStream counted = new DigestOutputStream(new Counting(file, bytes), sha256)) {
            written = archive.write(tenant, customer, at, counted);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the access file of request " + request.id(), e);
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        Instant expires = at.plus(FILE_KEPT);
        requests.fileWritten(tenant, request.id(), bytes[0], digest, expires);
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("file", Map.of("bytes", bytes[0], "sha256", digest, "expires_at", expires.toString()));
        receipt.put("events", written.events());
        receipt.put("records", new LinkedHashMap<>(written.rows()));
        return receipt;
    }

    private Map<String, Object> erasure(TenantId tenant, PrivacyRequest request, Customer customer) {
        PrivacyDataPort.Erasure erasure = data.erase(tenant, customer.id(), request.id(), now());
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("tombstone", erasure.tombstone().value());
        receipt.put("deleted", new java.util.TreeMap<>(erasure.deleted()));
        receipt.put("masked", new java.util.TreeMap<>(erasure.masked()));
        receipt.put("kept", "billing facts (subscription_version, payment, payment_refund) for accounting (GDPR Art. 17(3)(b)), linked to the "
                + "tombstone only; audit entries, masked");
        return receipt;
    }

    private Map<String, Object> rectification(TenantId tenant, PrivacyRequest request, Customer customer, ProfileCorrection correction) {
        Instant at = now();
        CustomerProfile corrected = correction.applyTo(customer.profile());
        Map<String, String> before = correction.valuesIn(customer.profile());
        Map<String, String> after = correction.valuesIn(corrected);
        transactions.inTransaction(() -> {
            customers.upsert(tenant, customer.id(), corrected, at);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("request", request.id().toString());
            details.put("before", before);
            details.put("after", after);
            audit.append(new AuditEntry(tenant, at, ACTOR, "customer.rectified", "customer:" + customer.id().value(), details,
                    PrivacyRequestService.target(request.id())));
            return null;
        });
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("corrected", correction.fields().keySet().stream().sorted().toList());
        receipt.put("updated", Map.of("customer", 1L));
        return receipt;
    }

    private Map<String, Object> restriction(TenantId tenant, PrivacyRequest request, Customer customer) {
        // restricted already (by another request) is refused by the store, which also finishes a run of this one a stopped node left
        Instant at = customer.restrictedSince().orElseGet(this::now);
        Map<String, Long> counts = data.restrict(tenant, customer.id(), at, request.id());
        audit.append(new AuditEntry(tenant, at, ACTOR, "customer.processing_restricted", "customer:" + customer.id().value(),
                Map.of("request", request.id().toString(), "type", request.type().wireName()), PrivacyRequestService.target(request.id())));
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("restricted_at", at.toString());
        receipt.put("events_withheld", counts.getOrDefault("usage_event", 0L));
        receipt.put("rollup_rows_emptied", counts.getOrDefault("usage_rollup", 0L));
        return receipt;
    }

    private Map<String, Object> lift(TenantId tenant, PrivacyRequest request, Customer customer) {
        Instant at = now();
        Map<String, Long> counts = data.lift(tenant, customer.id(), request.id());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id().toString());
        customer.restrictedSince().ifPresent(since -> details.put("restricted_since", since.toString()));
        audit.append(new AuditEntry(tenant, at, ACTOR, "customer.processing_restriction_lifted", "customer:" + customer.id().value(), details,
                PrivacyRequestService.target(request.id())));
        Map<String, Object> receipt = new LinkedHashMap<>();
        customer.restrictedSince().ifPresent(since -> receipt.put("restricted_since", since.toString()));
        receipt.put("events_counted_again", counts.getOrDefault("usage_event", 0L));
        return receipt;
    }

    private static AuditEntry entry(TenantId tenant, Instant at, String action, PrivacyRequest request, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("customer", request.customer().value());
        all.putAll(details);
        return new AuditEntry(tenant, at, ACTOR, action, PrivacyRequestService.target(request.id()), all, PrivacyRequestService.target(request.id()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Counts the bytes that pass. */
    private static final class Counting extends java.io.FilterOutputStream {
        private final long[] count;

        Counting(OutputStream out, long[] count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count[0]++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count[0] += length;
        }
    }
}
