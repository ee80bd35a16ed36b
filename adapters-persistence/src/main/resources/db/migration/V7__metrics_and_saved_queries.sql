-- An export may name its period relative to the day it runs (last_7_days, last_month, …).
ALTER TABLE export_job ADD COLUMN period text;

-- A tenant's own metrics (the built-in ones live in code). The formula is one of its kinds: a meter
-- (formula_meter), a ratio (formula_parts = numerator, denominator; formula_scale), a sum or a difference
-- (formula_parts, 2 to 5), or a metric per active customer (formula_parts = the metric). formula_parts names
-- other metrics, built-in or the tenant's; the service checks they exist and form no cycle.
create table metric (
    tenant_id     bigint not null references tenant (tenant_id),
    metric_key    text collate "C" not null,
    name          text not null,
    description   text,
    unit          text not null,
    polarity      text not null,
    decimals      integer,
    formula_kind  text not null,
    formula_meter text collate "C",
    formula_parts text[] not null,
    formula_scale numeric,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint metric_pk primary key (tenant_id, metric_key),
    constraint metric_unit_known check (unit in ('count', 'number', 'money', 'percent', 'seconds', 'megabytes')),
    constraint metric_polarity_known check (polarity in ('higher_is_better', 'lower_is_better', 'neutral')),
    constraint metric_formula_known check (formula_kind in ('meter', 'ratio', 'sum', 'difference', 'per_customer')),
    constraint metric_formula_shape check (
        (formula_kind = 'meter' and formula_meter is not null and cardinality(formula_parts) = 0)
        or (formula_kind = 'ratio' and formula_meter is null and cardinality(formula_parts) = 2 and formula_scale > 0)
        or (formula_kind in ('sum', 'difference') and formula_meter is null and cardinality(formula_parts) between 2 and 5)
        or (formula_kind = 'per_customer' and formula_meter is null and cardinality(formula_parts) = 1))
);

-- Saved queries: an analytics query in its JSON form (placeholders {{name}} in its strings) with typed
-- parameters, owned by a user (the token's subject), private or shared with the tenant. saved_query holds the
-- current version and the run count; saved_query_version every version, the current one included.
create table saved_query (
    tenant_id   bigint not null references tenant (tenant_id),
    query_id    uuid not null,
    owner       text not null,
    name        text not null,
    description text,
    definition  jsonb not null,
    params      jsonb not null,
    visibility  text not null,
    version     integer not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    run_count   bigint not null default 0,
    last_run_at timestamptz,
    constraint saved_query_pk primary key (tenant_id, query_id),
    constraint saved_query_visibility_known check (visibility in ('private', 'tenant'))
);
-- the list a user sees (own and shared), oldest first
create index saved_query_by_created on saved_query (tenant_id, created_at, query_id);

create table saved_query_version (
    tenant_id   bigint not null,
    query_id    uuid not null,
    version     integer not null,
    name        text not null,
    description text,
    definition  jsonb not null,
    params      jsonb not null,
    visibility  text not null,
    saved_by    text not null,
    saved_at    timestamptz not null,
    constraint saved_query_version_pk primary key (tenant_id, query_id, version),
    constraint saved_query_version_query foreign key (tenant_id, query_id) references saved_query (tenant_id, query_id) on delete cascade
);

-- The durations of the latest runs of each saved query (older ones are deleted as new ones come), for p50 and p95.
create table saved_query_run (
    tenant_id   bigint not null,
    query_id    uuid not null,
    run_seq     bigint generated always as identity,
    run_at      timestamptz not null,
    duration_ms bigint not null,
    constraint saved_query_run_pk primary key (tenant_id, query_id, run_seq),
    constraint saved_query_run_query foreign key (tenant_id, query_id) references saved_query (tenant_id, query_id) on delete cascade
);
