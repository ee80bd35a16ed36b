-- Billing facts: subscription versions and payments with their refunds, as the tenant's billing system sends
-- them. Versions are never updated or deleted: MRR for any past moment is rebuilt from them.

create table subscription_version (
    tenant_id       bigint not null,
    subscription_id text collate "C" not null,
    effective_at    timestamptz not null,
    customer_id     bigint not null,
    plan            text not null,
    status          text not null,
    price           numeric not null,
    currency        char(3) not null,
    billing_interval text not null,
    interval_count  integer not null,
    quantity        integer not null,
    started_at      timestamptz not null,
    canceled_at     timestamptz,
    ended_at        timestamptz,
    trial_end       timestamptz,
    received_at     timestamptz not null,
    constraint subscription_version_pk primary key (tenant_id, subscription_id, effective_at),
    constraint subscription_version_customer_fk foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id),
    constraint subscription_version_status_known check (status in ('trialing', 'active', 'past_due', 'canceled', 'ended')),
    constraint subscription_version_interval_known check (billing_interval in ('day', 'week', 'month', 'year')),
    constraint subscription_version_price_positive check (price >= 0),
    constraint subscription_version_counts check (interval_count >= 1 and quantity >= 0)
);

create index subscription_version_by_customer on subscription_version (tenant_id, customer_id);

create table payment (
    tenant_id   bigint not null,
    payment_id  text collate "C" not null,
    customer_id bigint not null,
    amount      numeric not null,
    currency    char(3) not null,
    status      text not null,
    paid_at     timestamptz not null,
    received_at timestamptz not null,
    updated_at  timestamptz not null,
    constraint payment_pk primary key (tenant_id, payment_id),
    constraint payment_customer_fk foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id),
    constraint payment_status_known check (status in ('succeeded', 'failed')),
    constraint payment_amount_positive check (amount > 0)
);

create index payment_by_time on payment (tenant_id, paid_at);
create index payment_by_customer on payment (tenant_id, customer_id);

-- A refund is known by its payment, time and amount: the same refund reported again is one refund.
create table payment_refund (
    tenant_id   bigint not null,
    payment_id  text collate "C" not null,
    refunded_at timestamptz not null,
    amount      numeric not null,
    constraint payment_refund_pk primary key (tenant_id, payment_id, refunded_at, amount),
    constraint payment_refund_payment_fk foreign key (tenant_id, payment_id) references payment (tenant_id, payment_id),
    constraint payment_refund_amount_positive check (amount > 0)
);

create index payment_refund_by_time on payment_refund (tenant_id, refunded_at);

-- Signups per period are counted from customer profiles.
create index customer_by_signup on customer (tenant_id, signed_up_at) where signed_up_at is not null;
