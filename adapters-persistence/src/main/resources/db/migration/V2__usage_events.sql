-- Usage events: append-only, partitioned by month of occurred_at (UTC), so retention drops whole partitions,
-- and each month by hash of (tenant_id, type) into 16, so a tenant-wide question about one event type reads
-- a sixteenth of a month instead of all of it, at no cost to ingestion (an index on (tenant_id, type,
-- occurred_at) would have cost a quarter of the ingestion rate: see docs/benchmarks.md).

alter table tenant
    add column late_arrival_days integer not null default 400,
    add constraint tenant_late_arrival_days_range check (late_arrival_days between 1 and 3650);

-- customer_id is null only for tenant-level events Tally records itself (API calls with staff tokens).
-- It is not declared a foreign key of customer: the check would cost about 12 % of ingestion throughput
-- (measured with bench/ingest.sh), and the rule holds by construction: a customer is created in the same
-- transaction as its first event, and customer ids are cached only after commit (IngestionIT proves a
-- rolled-back batch leaves nothing behind).
-- data holds the event's dimensions (strings) and measures (numbers, exact: jsonb numbers are numeric).
create table usage_event (
    tenant_id   bigint not null,
    occurred_at timestamptz not null,
    customer_id bigint,
    type        text collate "C" not null,
    source      text collate "C" not null,
    event_id    text collate "C" not null,
    data        jsonb not null,
    received_at timestamptz not null
) partition by range (occurred_at);

-- A customer's history, newest first.
create index usage_event_by_customer on usage_event (tenant_id, customer_id, occurred_at desc);

-- Uniqueness of (tenant, source, id) across every partition: PostgreSQL cannot enforce a unique key on a
-- partitioned table unless it holds the partition key, and a resent event may carry another time. The
-- fingerprint tells a resent duplicate from a conflicting reuse of the id. Retention deletes the keys of
-- the partitions it drops (by occurred_at).
create table usage_event_key (
    tenant_id   bigint not null,
    source      text collate "C" not null,
    event_id    text collate "C" not null,
    fingerprint uuid not null,
    occurred_at timestamptz not null,
    constraint usage_event_key_pk primary key (tenant_id, source, event_id)
);

-- Creates the monthly partition holding `at`, with its 16 hash sub-partitions, unless it exists; safe when
-- several nodes race to create it.
create function usage_event_ensure_partition(at timestamptz) returns text
    language plpgsql as
$$
declare
    -- Month arithmetic on timestamp without time zone, so the session's timezone cannot move the bounds.
    month_utc timestamp := date_trunc('month', at at time zone 'UTC');
    name      text := 'usage_event_' || to_char(month_utc, 'YYYY_MM');
begin
    if to_regclass(name) is null then
        begin
            execute format('create table %I partition of usage_event for values from (%L) to (%L) partition by hash (tenant_id, type)',
                           name, month_utc at time zone 'UTC', (month_utc + interval '1 month') at time zone 'UTC');
            for remainder in 0..15 loop
                execute format('create table %I partition of %I for values with (modulus 16, remainder %s)',
                               name || '_' || remainder, name, remainder);
            end loop;
        exception
            when duplicate_table then null;
        end;
    end if;
    return name;
end
$$;
