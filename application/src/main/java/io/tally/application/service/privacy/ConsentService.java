package io.tally.application.service.privacy;

import io.tally.application.port.in.privacy.CustomerConsents;
import io.tally.application.port.in.privacy.CustomerConsentsQuery;
import io.tally.application.port.in.privacy.GetCustomerConsentsUseCase;
import io.tally.application.port.in.privacy.RecordConsentCommand;
import io.tally.application.port.in.privacy.RecordConsentUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.privacy.ConsentStorePort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.domain.access.Actor;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.privacy.ConsentState;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Consent: the product records each statement (given or withdrawn, for a category such as {@code analytics}), appended
 * to the customer's history and audited; the current state per category is the latest by the time it was given. A tenant
 * that sets {@code consent_required} has the usage events of customers without a current consent refused at ingestion
 *.
 */
public final class ConsentService implements RecordConsentUseCase, GetCustomerConsentsUseCase {

    /** How far ahead of the server's clock a statement's time may be (clock skew), no more. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private final ConsentStorePort consents;
    private final PrivacyDataPort privacy;
    private final CustomerStorePort customers;
    private final Function<TenantId, Tenant> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public ConsentService(ConsentStorePort consents, PrivacyDataPort privacy, CustomerStorePort customers, Function<TenantId, Tenant> tenants, AuditLogPort audit,
                          TransactionPort transactions, Clock clock) {
        this.consents = Objects.requireNonNull(consents, "consents");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ConsentRecord recordConsent(RecordConsentCommand command) {
        Actor actor = command.actor();
        TenantId tenant = actor.tenant();
        tenants.apply(tenant);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (command.at().isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidValueException("at", "is in the future: a consent is recorded once it was given");
        }
        ConsentRecord record = new ConsentRecord(command.customer(), command.category(), command.given(), command.version(),
                command.legalBasis(), command.purpose(), command.at(), now);
        privacy.refuseErased(tenant, command.customer());
        customers.createMissing(tenant, Set.of(command.customer()), now);
        transactions.inTransaction(() -> {
            consents.append(tenant, record);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("category", record.category());
            details.put("given", record.given());
            details.put("version", record.version());
            details.put("legal_basis", record.legalBasis().wireName());
            details.put("at", record.at().toString());
            audit.append(AuditEntry.of(actor, now, record.given() ? "consent.given" : "consent.withdrawn", "customer:" + record.customer().value(),
                    details));
            return null;
        });
        return record;
    }

    @Override
    public CustomerConsents customerConsents(CustomerConsentsQuery query) {
        Actor actor = query.actor();
        actor.requireVisible(query.customer());
        Tenant tenant = tenants.apply(actor.tenant());
        customers.find(actor.tenant(), query.customer()).orElseThrow(() -> new NotFoundException("customer", query.customer().value()));
        List<ConsentRecord> history = consents.history(actor.tenant(), query.customer());
        ConsentState state = ConsentState.of(history);
        Set<String> required = tenant.settings().consentRequired();
        return new CustomerConsents(query.customer(), state, state.missing(required), required, history);
    }
}
