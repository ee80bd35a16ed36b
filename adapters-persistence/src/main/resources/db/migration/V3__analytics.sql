-- Usage analytics: rollups that keep tenant-wide figures fast, a catalogue of the data names each event type
-- carries, and tenants' own meters.

-- Per tenant, event type and measure, per 15-minute slot (UTC): how many events, and the sum, minimum and
-- maximum of the measure. measure = '' holds the plain count of the type's events. 15 minutes, because every
-- timezone's offset is a multiple of it: local days, weeks and months are whole numbers of slots.
create table usage_rollup (
    tenant_id bigint not null,
    type      text collate "C" not null,
    measure   text collate "C" not null,
    slot      timestamptz not null,
    events    bigint not null,
    total     numeric,
    minimum   numeric,
    maximum   numeric,
    constraint usage_rollup_pk primary key (tenant_id, type, measure, slot)
);

-- What each ingested batch adds to the rollups, written in the batch's own transaction: a figure read at any
-- time is rollups + pending, exact. One row per batch and event type, holding parallel arrays with one entry
-- per slot and measure (measure '' for the count): a batch whose events are scattered over a month writes one
-- row, not thousands, and the folder deletes one row, not thousands. UsageRollupFolder moves pending rows into
-- usage_rollup every second, in one transaction per move, and vacuums the table. No index: it stays small, and
-- is read and emptied whole. The arrays are stored uncompressed: compressing them cost more than it saved.
create table usage_rollup_pending (
    tenant_id bigint not null,
    type      text collate "C" not null,
    slots     timestamptz[] not null,
    measures  text[] not null,
    events    bigint[] not null,
    totals    numeric[] not null,
    minimums  numeric[] not null,
    maximums  numeric[] not null
);
alter table usage_rollup_pending
    alter column slots set storage external, alter column measures set storage external,
    alter column events set storage external, alter column totals set storage external,
    alter column minimums set storage external, alter column maximums set storage external;

-- All pending deltas in usage_rollup's shape, as readers add them to the rollups.
create view usage_rollup_pending_rows as
select p.tenant_id, p.type, d.measure collate "C" as measure, d.slot, d.events, d.total, d.minimum, d.maximum
  from usage_rollup_pending p,
       unnest(p.slots, p.measures, p.events, p.totals, p.minimums, p.maximums) as d (slot, measure, events, total, minimum, maximum);

-- The largest value each measure has had, kept by the folder: how far back an interval ([time, time +
-- duration)) can reach, so that max_concurrent finds every interval that overlaps a period.
create table usage_measure_stats (
    tenant_id bigint not null,
    type      text collate "C" not null,
    measure   text collate "C" not null,
    maximum   numeric not null,
    constraint usage_measure_stats_pk primary key (tenant_id, type, measure)
);

-- The dimension (string) and measure (number) names seen in each event type's data, per tenant.
create table usage_event_schema (
    tenant_id  bigint not null,
    type       text collate "C" not null,
    name       text collate "C" not null,
    kind       text not null,
    first_seen timestamptz not null,
    constraint usage_event_schema_pk primary key (tenant_id, type, kind, name),
    constraint usage_event_schema_kind check (kind in ('dimension', 'measure'))
);

-- A tenant's own meters (the built-in ones live in code).
create table meter (
    tenant_id   bigint not null references tenant (tenant_id),
    meter_key   text collate "C" not null,
    name        text not null,
    description text,
    event_type  text collate "C" not null,
    aggregation text not null,
    measure     text,
    dimension   text,
    filters     jsonb not null,
    group_by    text[] not null,
    divisor     numeric not null,
    decimals    integer,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    constraint meter_pk primary key (tenant_id, meter_key),
    constraint meter_aggregation_known check (aggregation in ('count', 'sum', 'avg', 'min', 'max', 'unique_count', 'latest', 'max_concurrent'))
);
