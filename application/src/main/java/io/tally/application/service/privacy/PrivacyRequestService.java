package io.tally.application.service.privacy;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.privacy.GetPrivacyRequestsUseCase;
import io.tally.application.port.in.privacy.ListPrivacyRequestsQuery;
import io.tally.application.port.in.privacy.PrivacyFile;
import io.tally.application.port.in.privacy.PrivacyRequestQuery;
import io.tally.application.port.in.privacy.PrivacyRequestView;
import io.tally.application.port.in.privacy.SubmitPrivacyRequestCommand;
import io.tally.application.port.in.privacy.SubmitPrivacyRequestUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.privacy.PrivacyJobsPort;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.application.port.out.privacy.PrivacyRequestStorePort.StoredRequest;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.privacy.PrivacyRequest;
import io.tally.domain.privacy.RequestType;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Data subjects' requests, for admins: recorded (audited, due 30 days later), handed to the job runner, shown with their
 * receipts, listed (overdue ones too), and an access request's zip downloaded until it expires.
 */
public final class PrivacyRequestService implements SubmitPrivacyRequestUseCase, GetPrivacyRequestsUseCase {

    static final String ADMINS_ONLY = "privacy requests are handled by admins and above";

    private final PrivacyRequestStorePort requests;
    private final PrivacyDataPort data;
    private final CustomerStorePort customers;
    private final Function<TenantId, Tenant> tenants;
    private final PrivacyJobsPort jobs;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public PrivacyRequestService(PrivacyRequestStorePort requests, PrivacyDataPort data, CustomerStorePort customers, Function<TenantId, Tenant> tenants,
                                 PrivacyJobsPort jobs, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.data = Objects.requireNonNull(data, "data");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PrivacyRequestView submitPrivacyRequest(SubmitPrivacyRequestCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.ADMIN, ADMINS_ONLY);
        TenantId tenant = actor.tenant();
        tenants.apply(tenant);
        if (data.isErased(tenant, command.customer())) {
            throw new ConflictException("customer '" + command.customer().value() + "' was erased at their request: Tally keeps nothing more about them");
        }
        Customer customer = customers.find(tenant, command.customer()).orElseThrow(() -> new NotFoundException("customer", command.customer().value()));
        if (customer.erasedAt().isPresent()) {
            throw new ConflictException("customer '" + command.customer().value() + "' is the tombstone of a customer erased at " + customer.erasedAt().get()
                    + ": Tally keeps nothing more about them");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        PrivacyRequest request = PrivacyRequest.receive(UUID.randomUUID(), command.customer(), command.type(), command.note(), command.changes(),
                actor.subject(), now);
        transactions.inTransaction(() -> {
            requests.insert(tenant, request);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("customer", request.customer().value());
            details.put("type", request.type().wireName());
            details.put("due_at", request.dueAt().toString());
            command.changes().ifPresent(changes -> details.put("fields", changes.fields().keySet().stream().sorted().toList()));
            audit.append(AuditEntry.of(actor, now, "privacy.request_received", target(request.id()), details));
            return null;
        });
        jobs.queueRequest(tenant, request.id());
        return view(new StoredRequest(request, Map.of(), Optional.empty()), now);
    }

    @Override
    public PrivacyRequestView getPrivacyRequest(PrivacyRequestQuery query) {
        query.actor().requireRole(Role.ADMIN, ADMINS_ONLY);
        tenants.apply(query.actor().tenant());
        return view(find(query), clock.instant());
    }

    @Override
    public Page<PrivacyRequestView> listPrivacyRequests(ListPrivacyRequestsQuery query) {
        Actor actor = query.actor();
        actor.requireRole(Role.ADMIN, ADMINS_ONLY);
        tenants.apply(actor.tenant());
        Instant now = clock.instant();
        PrivacyRequestStorePort.Filter filter = new PrivacyRequestStorePort.Filter(query.status(), query.type(), query.customer(),
                query.overdue() ? Optional.of(now) : Optional.empty());
        Page<StoredRequest> page = Page.fromLookahead(requests.list(actor.tenant(), filter, query.before(), query.limit() + 1), query.limit());
        return new Page<>(page.items().stream().map(stored -> view(stored, now)).toList(), page.hasMore());
    }

    @Override
    public PrivacyFile privacyRequestFile(PrivacyRequestQuery query) {
        query.actor().requireRole(Role.ADMIN, ADMINS_ONLY);
        tenants.apply(query.actor().tenant());
        StoredRequest stored = find(query);
        PrivacyRequest request = stored.request();
        if (request.type() != RequestType.ACCESS) {
            throw new ConflictException("the request " + request.id() + " is a" + (request.type() == RequestType.ERASURE ? "n " : " ")
                    + request.type().wireName() + " request: only access requests have a file");
        }
        if (request.status() != PrivacyRequest.Status.COMPLETED || stored.file().isEmpty()) {
            throw new ConflictException("the request " + request.id() + " is " + request.status().wireName() + ": its file is there once it is completed");
        }
        PrivacyRequestStorePort.StoredFile file = stored.file().get();
        Instant now = clock.instant();
        if (file.expired() || !now.isBefore(file.expiresAt())) {
            throw new GoneException("the file of request " + request.id() + (file.expired() && now.isBefore(file.expiresAt()) ? " was deleted" : " expired at "
                    + file.expiresAt()) + "; make a new access request");
        }
        audit.append(AuditEntry.of(query.actor(), now, "privacy.file_downloaded", target(request.id()), Map.of("bytes", file.bytes())));
        return new PrivacyFile("tally-access-" + request.id() + ".zip", file.bytes(), requests.openFile(query.actor().tenant(), request.id()));
    }

    private StoredRequest find(PrivacyRequestQuery query) {
        return requests.find(query.actor().tenant(), query.id()).orElseThrow(() -> new NotFoundException("privacy request", query.id().toString()));
    }

    static String target(UUID id) {
        return "privacy-request:" + id;
    }

    static PrivacyRequestView view(StoredRequest stored, Instant now) {
        return new PrivacyRequestView(stored.request(), stored.request().isOverdue(now), stored.receipt(),
                stored.file().map(file -> new PrivacyRequestView.FileView(file.bytes(), file.sha256(), file.expiresAt(),
                        !file.expired() && now.isBefore(file.expiresAt()))));
    }
}
