package io.tally.adapter.out.persistence;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.application.port.out.BillingStorePort;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.PaymentStatus;
import io.tally.domain.billing.Refund;
import io.tally.domain.billing.SubscriptionStatus;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/* Each call runs on the surrounding transaction's connection, or on one of its own outside a transaction. */
@Connectable
@Singleton
class BillingPersistenceAdapter implements BillingStorePort {

    private static final String VERSION_COLUMNS = """
            v.subscription_id, c.external_id, v.plan, v.status, v.price, v.currency, v.billing_interval, v.interval_count,
            v.quantity, v.started_at, v.canceled_at, v.ended_at, v.trial_end, v.effective_at""";
    private static final String INSERT_VERSION = """
            INSERT INTO subscription_version (tenant_id, subscription_id, effective_at, customer_id, plan, status, price, currency,
                                              billing_interval, interval_count, quantity, started_at, canceled_at, ended_at,
                                              trial_end, received_at)
            SELECT ?, ?, ?, c.customer_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
              FROM customer c WHERE c.tenant_id = ? AND c.external_id = ?
            ON CONFLICT (tenant_id, subscription_id, effective_at) DO NOTHING""";
    private static final String SELECT_VERSIONS = "SELECT " + VERSION_COLUMNS + """
             FROM subscription_version v JOIN customer c ON c.tenant_id = v.tenant_id AND c.customer_id = v.customer_id
            WHERE v.tenant_id = ?""";
    private static final String ONE_VERSION = SELECT_VERSIONS + " AND v.subscription_id = ? AND v.effective_at = ?";
    private static final String HISTORY = SELECT_VERSIONS + " AND v.subscription_id = ? ORDER BY v.effective_at";
    private static final String CUSTOMER_VERSIONS = SELECT_VERSIONS + " AND c.external_id = ?";

    private static final String INSERT_PAYMENT = """
            INSERT INTO payment (tenant_id, payment_id, customer_id, amount, currency, status, paid_at, received_at, updated_at)
            SELECT ?, ?, c.customer_id, ?, ?, ?, ?, ?, ? FROM customer c WHERE c.tenant_id = ? AND c.external_id = ?
            ON CONFLICT (tenant_id, payment_id) DO NOTHING""";
    private static final String INSERT_REFUNDS = """
            INSERT INTO payment_refund (tenant_id, payment_id, refunded_at, amount)
            SELECT ?, ?, r.refunded_at, r.amount FROM unnest(?::text[]::timestamptz[], ?::text[]::numeric[]) AS r (refunded_at, amount)
            ON CONFLICT DO NOTHING""";
    private static final String UPDATE_PAYMENT = "UPDATE payment SET status = ?, updated_at = ? WHERE tenant_id = ? AND payment_id = ?";
    private static final String PAYMENT_COLUMNS = """
            p.payment_id, c.external_id, p.amount, p.currency, p.status, p.paid_at,
            coalesce((SELECT array_agg((extract(epoch FROM r.refunded_at) * 1000000)::bigint ORDER BY r.refunded_at, r.amount) FROM payment_refund r
                       WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.payment_id), '{}') AS refunded_at,
            coalesce((SELECT array_agg(r.amount::text ORDER BY r.refunded_at, r.amount) FROM payment_refund r
                       WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.payment_id), '{}') AS refund_amounts""";
    private static final String SELECT_PAYMENTS = "SELECT " + PAYMENT_COLUMNS + """
             FROM payment p JOIN customer c ON c.tenant_id = p.tenant_id AND c.customer_id = p.customer_id
            WHERE p.tenant_id = ?""";
    private static final String PAYMENT_FOR_UPDATE = SELECT_PAYMENTS + " AND p.payment_id = ? FOR UPDATE OF p";
    private static final String PAYMENTS_BETWEEN = SELECT_PAYMENTS + " " + """
            AND (p.paid_at >= ? AND p.paid_at < ?
                 OR p.payment_id IN (SELECT r.payment_id FROM payment_refund r
                                      WHERE r.tenant_id = ? AND r.refunded_at >= ? AND r.refunded_at < ?))""";
    private static final String CUSTOMER_PAYMENTS = SELECT_PAYMENTS + " AND c.external_id = ?";

    private static final String SIGNUPS = """
            SELECT country, count(*) AS signups FROM customer
             WHERE tenant_id = ? AND signed_up_at >= ? AND signed_up_at < ? GROUP BY country""";
    private static final String SIGNUP_LIST = """
            SELECT external_id, signed_up_at, country, plan FROM customer
             WHERE tenant_id = ? AND signed_up_at >= ? AND signed_up_at < ? AND (?::text IS NULL OR external_id = ?)
             ORDER BY signed_up_at, external_id""";
    private static final String COUNTRIES = """
            SELECT external_id, country FROM customer WHERE tenant_id = ? AND external_id = ANY (?) AND country IS NOT NULL""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final DataWatermarks watermarks;

    BillingPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, DataWatermarks watermarks) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.watermarks = watermarks;
    }

    @Override
    public Optional<SubscriptionVersion> insertVersion(TenantId tenant, SubscriptionVersion version, Instant now) {
        long tenantId = tenants.require(tenant);
        int inserted = jdbc.prepareStatement(INSERT_VERSION, statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            statement.setString(index++, version.subscription().value());
            Sql.setInstant(statement, index++, version.effectiveAt());
            statement.setString(index++, version.plan());
            statement.setString(index++, version.status().wireName());
            statement.setBigDecimal(index++, version.price().amount());
            statement.setString(index++, version.price().currency().value());
            statement.setString(index++, version.interval().wireName());
            statement.setInt(index++, version.intervalCount());
            statement.setInt(index++, version.quantity());
            Sql.setInstant(statement, index++, version.startedAt());
            Sql.setInstant(statement, index++, version.canceledAt().orElse(null));
            Sql.setInstant(statement, index++, version.endedAt().orElse(null));
            Sql.setInstant(statement, index++, version.trialEnd().orElse(null));
            Sql.setInstant(statement, index++, now);
            statement.setLong(index++, tenantId);
            statement.setString(index, version.customer().value());
            return statement.executeUpdate();
        });
        if (inserted == 1) {
            watermarks.advance(tenantId);
            return Optional.empty();
        }
        return jdbc.prepareStatement(ONE_VERSION, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, version.subscription().value());
            Sql.setInstant(statement, 3, version.effectiveAt());
            return readVersions(statement).stream().findFirst();
        }).or(() -> {
            throw new IllegalStateException("customer " + version.customer() + " does not exist");
        });
    }

    @Override
    public List<SubscriptionVersion> history(TenantId tenant, BillingId subscription) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(HISTORY, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, subscription.value());
            return readVersions(statement);
        });
    }

    @Override
    public List<SubscriptionVersion> versions(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SELECT_VERSIONS, statement -> {
            statement.setLong(1, tenantId);
            return readVersions(statement);
        });
    }

    @Override
    public List<SubscriptionVersion> versions(TenantId tenant, CustomerId customer) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(CUSTOMER_VERSIONS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            return readVersions(statement);
        });
    }

    @Override
    public boolean insertPayment(TenantId tenant, Payment payment, Instant now) {
        long tenantId = tenants.require(tenant);
        int inserted = jdbc.prepareStatement(INSERT_PAYMENT, statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            statement.setString(index++, payment.id().value());
            statement.setBigDecimal(index++, payment.amount().amount());
            statement.setString(index++, payment.amount().currency().value());
            statement.setString(index++, payment.status().wireName());
            Sql.setInstant(statement, index++, payment.paidAt());
            Sql.setInstant(statement, index++, now);
            Sql.setInstant(statement, index++, now);
            statement.setLong(index++, tenantId);
            statement.setString(index, payment.customer().value());
            return statement.executeUpdate();
        });
        if (inserted == 1) {
            insertRefunds(tenantId, payment);
            watermarks.advance(tenantId);
        }
        return inserted == 1;
    }

    @Override
    public Optional<Payment> findPaymentForUpdate(TenantId tenant, BillingId payment) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(PAYMENT_FOR_UPDATE, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, payment.value());
            return readPayments(statement).stream().findFirst();
        });
    }

    @Override
    public void updatePayment(TenantId tenant, Payment payment, Instant now) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(UPDATE_PAYMENT, statement -> {
            statement.setString(1, payment.status().wireName());
            Sql.setInstant(statement, 2, now);
            statement.setLong(3, tenantId);
            statement.setString(4, payment.id().value());
            return statement.executeUpdate();
        });
        insertRefunds(tenantId, payment);
        watermarks.advance(tenantId);
    }

    @Override
    public List<Payment> payments(TenantId tenant, Instant start, Instant end) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(PAYMENTS_BETWEEN, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, start);
            Sql.setInstant(statement, 3, end);
            statement.setLong(4, tenantId);
            Sql.setInstant(statement, 5, start);
            Sql.setInstant(statement, 6, end);
            return readPayments(statement);
        });
    }

    @Override
    public List<Payment> payments(TenantId tenant, CustomerId customer) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(CUSTOMER_PAYMENTS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            return readPayments(statement);
        });
    }

    @Override
    public Map<Optional<CountryCode>, Long> signupsByCountry(TenantId tenant, Instant start, Instant end) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SIGNUPS, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, start);
            Sql.setInstant(statement, 3, end);
            Map<Optional<CountryCode>, Long> result = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(Optional.ofNullable(rows.getString("country")).map(CountryCode::of), rows.getLong("signups"));
                }
            }
            return result;
        });
    }

    @Override
    public List<Signup> signups(TenantId tenant, Optional<CustomerId> customer, Instant start, Instant end) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SIGNUP_LIST, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, start);
            Sql.setInstant(statement, 3, end);
            String only = customer.map(CustomerId::value).orElse(null);
            Sql.setText(statement, 4, only);
            Sql.setText(statement, 5, only);
            List<Signup> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new Signup(CustomerId.of(rows.getString("external_id")), Sql.getInstant(rows, "signed_up_at"),
                            Optional.ofNullable(rows.getString("country")).map(CountryCode::of), Optional.ofNullable(rows.getString("plan"))));
                }
            }
            return result;
        });
    }

    @Override
    public Map<CustomerId, CountryCode> countries(TenantId tenant, Set<CustomerId> customers) {
        if (customers.isEmpty()) {
            return Map.of();
        }
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(COUNTRIES, statement -> {
            statement.setLong(1, tenantId);
            statement.setArray(2, statement.getConnection().createArrayOf("text",
                    customers.stream().map(CustomerId::value).toArray(String[]::new)));
            Map<CustomerId, CountryCode> result = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(CustomerId.of(rows.getString("external_id")), CountryCode.of(rows.getString("country")));
                }
            }
            return result;
        });
    }

    private void insertRefunds(long tenantId, Payment payment) {
        if (payment.refunds().isEmpty()) {
            return;
        }
        jdbc.prepareStatement(INSERT_REFUNDS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, payment.id().value());
            statement.setArray(3, statement.getConnection().createArrayOf("text",
                    payment.refunds().stream().map(refund -> refund.refundedAt().toString()).toArray(String[]::new)));
            statement.setArray(4, statement.getConnection().createArrayOf("text",
                    payment.refunds().stream().map(refund -> refund.amount().amount().toPlainString()).toArray(String[]::new)));
            return statement.executeUpdate();
        });
    }

    private static List<SubscriptionVersion> readVersions(PreparedStatement statement) throws SQLException {
        List<SubscriptionVersion> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(new SubscriptionVersion(
                        BillingId.of(rows.getString("subscription_id")),
                        CustomerId.of(rows.getString("external_id")),
                        rows.getString("plan"),
                        SubscriptionStatus.fromWireName(rows.getString("status")),
                        new Money(rows.getBigDecimal("price"), CurrencyCode.of(rows.getString("currency"))),
                        BillingInterval.fromWireName(rows.getString("billing_interval")),
                        rows.getInt("interval_count"),
                        rows.getInt("quantity"),
                        Sql.getInstant(rows, "started_at"),
                        Optional.ofNullable(Sql.getInstant(rows, "canceled_at")),
                        Optional.ofNullable(Sql.getInstant(rows, "ended_at")),
                        Optional.ofNullable(Sql.getInstant(rows, "trial_end")),
                        Sql.getInstant(rows, "effective_at")));
            }
        }
        return result;
    }

    private static List<Payment> readPayments(PreparedStatement statement) throws SQLException {
        List<Payment> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                CurrencyCode currency = CurrencyCode.of(rows.getString("currency"));
                Long[] micros = (Long[]) rows.getArray("refunded_at").getArray();
                String[] amounts = (String[]) rows.getArray("refund_amounts").getArray();
                List<Refund> refunds = new ArrayList<>();
                for (int i = 0; i < micros.length; i++) {
                    Instant refundedAt = Instant.EPOCH.plus(micros[i], ChronoUnit.MICROS);
                    refunds.add(new Refund(new Money(new BigDecimal(amounts[i]), currency), refundedAt));
                }
                result.add(new Payment(BillingId.of(rows.getString("payment_id")), CustomerId.of(rows.getString("external_id")),
                        new Money(rows.getBigDecimal("amount"), currency), PaymentStatus.fromWireName(rows.getString("status")),
                        Sql.getInstant(rows, "paid_at"), refunds));
            }
        }
        return result;
    }
}
