-- Plans and usage resets: the plans a tenant sells with their limits per meter, admins' resets of customers'
-- counted usage (markers the limit computations honour until reverted; no event is ever deleted), and an
-- index for reading the audit log by action.

-- A plan, known by the key customer profiles name in `plan` (customer.plan is plain text, not a foreign key:
-- a profile may name a plan before, or without, it being defined).
create table plan (
    tenant_id  bigint not null references tenant (tenant_id),
    plan_key   text collate "C" not null,
    name       text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint plan_pk primary key (tenant_id, plan_key)
);

-- A plan's limits, at most one per meter, in the order the plan lists them (position, from 1). meter_key is
-- not a foreign key to meter: built-in meters have no row there. The primary key also answers "does the plan
-- limit any of these meters", which the reset statement asks per customer.
create table plan_limit (
    tenant_id   bigint not null,
    plan_key    text collate "C" not null,
    meter_key   text collate "C" not null,
    amount      numeric not null,
    period      text not null,
    enforcement text not null,
    position    integer not null,
    constraint plan_limit_pk primary key (tenant_id, plan_key, meter_key),
    constraint plan_limit_plan_fk foreign key (tenant_id, plan_key) references plan (tenant_id, plan_key) on delete cascade,
    constraint plan_limit_amount_not_negative check (amount >= 0),
    constraint plan_limit_period_known check (period in ('calendar_month', 'billing_cycle')),
    constraint plan_limit_enforcement_known check (enforcement in ('hard', 'soft')),
    constraint plan_limit_position_positive check (position >= 1)
);

-- A reset, stored under the idempotency key of the request that made it (with the request's hash, so that the
-- same key with a different request is refused). The unique key makes a concurrent request with the same key
-- wait for the first one's transaction and then find its row. meters keeps the order they were given in;
-- scope is what the request named ("customer_ids" with how many, or "plan" with the plan). The counts and
-- outcomes (the per-customer result, [{"customer", "status", "reason"}], given again on a replay) are written
-- when the reset completes, in the same transaction. A reverted reset keeps its row, with who reverted it when.
create table usage_reset (
    reset_id        uuid primary key,
    tenant_id       bigint not null references tenant (tenant_id),
    idempotency_key text not null,
    request_hash    text not null,
    reset_type      text not null,
    meters          text[] not null,
    reason          text not null,
    actor           text not null,
    request_id      text not null,
    scope           text not null,
    created_at      timestamptz not null,
    reset_count     integer not null default 0,
    not_found_count integer not null default 0,
    skipped_count   integer not null default 0,
    outcomes        jsonb,
    reverted_at     timestamptz,
    reverted_by     text,
    constraint usage_reset_idempotency_key_unique unique (tenant_id, idempotency_key),
    constraint usage_reset_type_known check (reset_type in ('usage', 'period')),
    constraint usage_reset_reverted_together check ((reverted_at is null) = (reverted_by is null))
);

-- The listing: newest first, with (created_at, reset_id) as the cursor.
create index usage_reset_by_time on usage_reset (tenant_id, created_at desc, reset_id desc);

-- The customers a reset applies to (those reset; not those not found or skipped).
create table usage_reset_customer (
    tenant_id   bigint not null,
    reset_id    uuid not null references usage_reset (reset_id) on delete cascade,
    customer_id bigint not null,
    constraint usage_reset_customer_pk primary key (reset_id, customer_id),
    constraint usage_reset_customer_customer_fk foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id)
);

-- A customer's resets, read with every limit computation.
create index usage_reset_customer_by_customer on usage_reset_customer (tenant_id, customer_id);

-- The audit log API filtered by action, newest first (audit_entry_pk serves the unfiltered listing).
create index audit_entry_by_action on audit_entry (tenant_id, action, audit_id desc);

-- Database roles, for deployments (documented here, not executed: the role name is the deployment's).
--
-- Migrations run as the role that owns the tables. The service may run as a separate role that owns nothing,
-- which has only SELECT and INSERT on audit_entry, so that no code path, and no one holding its credentials,
-- can change the log or switch off its triggers (only the owner may ALTER TABLE ... DISABLE TRIGGER). The
-- triggers from V1 refuse UPDATE, DELETE and TRUNCATE on audit_entry for every role, the owner included.
--
--     REVOKE ALL ON audit_entry FROM tally_app;
--     GRANT SELECT, INSERT ON audit_entry TO tally_app;
--
-- No sequence grant is needed: audit_id (like every id here) is `generated always as identity`, and an INSERT
-- draws from an identity column's sequence without any privilege on it. Checked on PostgreSQL 15 with a role
-- holding only SELECT and INSERT on audit_entry: its INSERT got an audit_id; nextval() on the sequence, UPDATE,
-- DELETE and TRUNCATE were refused, and so was ALTER TABLE ... DISABLE TRIGGER ("must be owner"). The
-- tenant_id foreign key needs no right on tenant either: the check runs as the referenced table's owner.
-- (A `serial` column, by contrast, would need GRANT USAGE ON SEQUENCE.) The role needs the usual rights on
-- the other tables; note that usage_event_ensure_partition (V2) creates partitions, which only the owner of
-- usage_event may do, so such a deployment must create them as the owner (or make that function SECURITY
-- DEFINER in a later migration).
