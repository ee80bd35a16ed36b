-- Bulk customer changes: an admin's change of many customers' plan, status or both at once, kept like a usage reset
-- (V6): stored under the idempotency key of the request that made it, with the request's hash (the same key with
-- another request is refused), its counts and per-customer outcomes (given again on a replay), and whether and by whom
-- it was reverted. Per customer it changed, the plan and status before and after, so that a revert can put them back.

-- set_plan and set_status are what the change sets (at least one of them; a plan the tenant had defined when it was
-- made); scope is what the request named ("3 customer ids", "plan basic"); outcomes is
-- [{"customer", "status": "changed|not_found|skipped", "reason"}], written when the change completes, in its
-- transaction. restored_count and kept_count are written by the revert, in the transaction that sets reverted_at:
-- the customers put back, and those kept as they were (changed again, or erased, since).
create table customer_change (
    tenant_id       bigint not null references tenant (tenant_id),
    change_id       uuid not null,
    idempotency_key text not null,
    request_hash    text not null,
    set_plan        text,
    set_status      text,
    reason          text not null,
    actor           text not null,
    request_id      text not null,
    scope           text not null,
    created_at      timestamptz not null,
    changed_count   integer not null default 0,
    not_found_count integer not null default 0,
    skipped_count   integer not null default 0,
    outcomes        jsonb,
    reverted_at     timestamptz,
    reverted_by     text,
    restored_count  integer,
    kept_count      integer,
    constraint customer_change_pk primary key (tenant_id, change_id),
    constraint customer_change_idempotency_key_unique unique (tenant_id, idempotency_key),
    constraint customer_change_status_known check (set_status in ('active', 'suspended', 'closed')),
    constraint customer_change_reverted_together check ((reverted_at is null) = (reverted_by is null))
);

-- The listing: newest first, with (created_at, change_id) as the cursor.
create index customer_change_by_time on customer_change (tenant_id, created_at desc, change_id desc);

-- The customers a change changed (not those not found or skipped), with their plan and status before and after it.
-- restored is null until the change is reverted; then whether the revert put this customer back.
create table customer_change_customer (
    tenant_id     bigint not null,
    change_id     uuid not null,
    customer_id   bigint not null,
    plan_before   text,
    status_before text not null,
    plan_after    text,
    status_after  text not null,
    restored      boolean,
    constraint customer_change_customer_pk primary key (tenant_id, change_id, customer_id),
    constraint customer_change_customer_change_fk foreign key (tenant_id, change_id)
        references customer_change (tenant_id, change_id) on delete cascade,
    constraint customer_change_customer_customer_fk foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id)
);
