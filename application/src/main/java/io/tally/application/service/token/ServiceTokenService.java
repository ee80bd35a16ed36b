package io.tally.application.service.token;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.token.IssueServiceTokenCommand;
import io.tally.application.port.in.token.IssuedServiceToken;
import io.tally.application.port.in.token.ServiceTokenChecksUseCase;
import io.tally.application.port.in.token.ServiceTokensUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.token.ServiceTokenStorePort;
import io.tally.application.port.out.token.ServiceTokenStorePort.Used;
import io.tally.application.port.out.token.TokenSignerPort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.access.ServiceScope;
import io.tally.domain.access.ServiceToken;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Managed service tokens (the tenant is loaded, and so created, first: {@code tenants}). Issuing signs a token whose {@code jti} is kept with its name and scopes (never the token).
 * Revoking marks it in the database; each node holds the deny-list of revoked, unexpired tokens in memory, reads it
 * again on {@link #refreshRevocations()} (every 2 seconds by default) and adds its own revocations at once, so a revoked
 * token is refused everywhere within that interval plus a read. Uses are gathered in memory and written by
 * {@link #recordUses()}, so checking a token never writes to the database.
 */
public final class ServiceTokenService implements ServiceTokensUseCase, ServiceTokenChecksUseCase {

    /** Active tokens a tenant may hold at once. */
    public static final int MAX_ACTIVE = 500;

    private final ServiceTokenStorePort store;
    private final TokenSignerPort signer;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;
    private final Consumer<TenantId> tenants;
    private volatile Set<Used> revoked = Set.of();
    private final Set<Used> revokedHere = ConcurrentHashMap.newKeySet();
    private final Map<Used, Instant> uses = new ConcurrentHashMap<>();

    public ServiceTokenService(ServiceTokenStorePort store, TokenSignerPort signer, AuditLogPort audit, TransactionPort transactions,
                               Consumer<TenantId> tenants, Clock clock) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.store = Objects.requireNonNull(store, "store");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IssuedServiceToken issue(IssueServiceTokenCommand command) {
        Actor actor = command.actor();
        actor.requireRole(Role.ADMIN, "service tokens are issued by admins and owners");
        tenants.accept(actor.tenant());
        Set<ServiceScope> scopes = ServiceScope.parse("scope", command.scope());
        Instant now = clock.instant();
        ServiceToken token = ServiceToken.issue(UUID.randomUUID(), command.name(), scopes,
                command.ttl().orElse(ServiceToken.DEFAULT_TTL), now, actor.subject());
        String signed = signer.serviceToken(actor.tenant(), token.name(), token.jti(), ServiceScope.claim(scopes), now, token.expiresAt())
                .orElseThrow(() -> new UnprocessableException("this deployment verifies tokens from an external JWKS only and holds no "
                        + "signing secret (TALLY_JWT_SECRET): issue service tokens with your identity provider"));
        transactions.inTransaction(() -> {
            if (store.countActive(actor.tenant(), now) >= MAX_ACTIVE) {
                throw new UnprocessableException("the tenant already has " + MAX_ACTIVE + " active service tokens: revoke unused ones first");
            }
            store.insert(actor.tenant(), token);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", token.name());
            details.put("scope", ServiceScope.claim(scopes));
            details.put("expires_at", token.expiresAt().toString());
            audit.append(AuditEntry.of(actor, now, "service_token.issued", target(token.jti()), details));
            return null;
        });
        return new IssuedServiceToken(signed, token);
    }

    @Override
    public Page<ServiceToken> list(Actor actor, int limit, Optional<UUID> after) {
        actor.requireRole(Role.ADMIN, "service tokens are listed by admins and owners");
        tenants.accept(actor.tenant());
        if (after.isPresent() && store.find(actor.tenant(), after.get()).isEmpty()) {
            throw new InvalidValueException("cursor", "is not a cursor of this list");
        }
        return Page.fromLookahead(store.page(actor.tenant(), limit + 1, after), limit);
    }

    @Override
    public ServiceToken revoke(Actor actor, UUID jti) {
        actor.requireRole(Role.ADMIN, "service tokens are revoked by admins and owners");
        tenants.accept(actor.tenant());
        Instant now = clock.instant();
        ServiceToken revokedToken = transactions.inTransaction(() -> {
            ServiceToken token = store.find(actor.tenant(), jti)
                    .orElseThrow(() -> new NotFoundException("service token", jti.toString()));
            if (token.revokedAt().isPresent()) {
                throw new ConflictException("service token " + jti + " was already revoked at " + token.revokedAt().get());
            }
            store.revoke(actor.tenant(), jti, now, actor.subject());
            audit.append(AuditEntry.of(actor, now, "service_token.revoked", target(jti), Map.of("name", token.name())));
            return new ServiceToken(token.jti(), token.name(), token.scopes(), token.createdAt(), token.createdBy(), token.expiresAt(),
                    token.lastUsedAt(), Optional.of(now), Optional.of(actor.subject()));
        });
        revokedHere.add(new Used(actor.tenant(), jti));
        return revokedToken;
    }

    @Override
    public boolean admit(TenantId tenant, UUID jti, Instant at) {
        Used used = new Used(tenant, jti);
        if (revoked.contains(used) || revokedHere.contains(used)) {
            return false;
        }
        uses.merge(used, at, (a, b) -> a.isAfter(b) ? a : b);
        return true;
    }

    @Override
    public void refreshRevocations() {
        revoked = Set.copyOf(store.revoked(clock.instant()));
        revokedHere.removeIf(revoked::contains);
    }

    @Override
    public void recordUses() {
        if (uses.isEmpty()) {
            return;
        }
        Map<Used, Instant> taken = new HashMap<>();
        for (Used key : Set.copyOf(uses.keySet())) {
            Instant at = uses.remove(key);
            if (at != null) {
                taken.put(key, at);
            }
        }
        try {
            store.recordUses(taken);
        } catch (RuntimeException e) {
            taken.forEach((key, at) -> uses.merge(key, at, (a, b) -> a.isAfter(b) ? a : b));
            throw e;
        }
    }

    private static String target(UUID jti) {
        return "service_token:" + jti;
    }
}
