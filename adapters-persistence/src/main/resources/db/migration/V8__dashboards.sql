-- Dashboards: widgets and filters as JSON, owned by a user (the token's subject), private or shared with the
-- tenant, every version kept. default_key marks the tenant's default dashboards (overview, performance, growth).
create table dashboard (
    tenant_id    bigint not null references tenant (tenant_id),
    dashboard_id uuid not null,
    owner        text not null,
    default_key  text,
    definition   jsonb not null,
    name         text not null,
    visibility   text not null,
    version      integer not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint dashboard_pk primary key (tenant_id, dashboard_id),
    constraint dashboard_visibility_known check (visibility in ('private', 'tenant'))
);
create index dashboard_by_created on dashboard (tenant_id, created_at, dashboard_id);
create unique index dashboard_default_once on dashboard (tenant_id, default_key) where default_key is not null;

create table dashboard_version (
    tenant_id    bigint not null,
    dashboard_id uuid not null,
    version      integer not null,
    definition   jsonb not null,
    saved_by     text not null,
    saved_at     timestamptz not null,
    constraint dashboard_version_pk primary key (tenant_id, dashboard_id, version),
    constraint dashboard_version_dashboard foreign key (tenant_id, dashboard_id) references dashboard (tenant_id, dashboard_id)
        on delete cascade
);

-- One row per tenant whose default dashboards were made: claimed with ON CONFLICT DO NOTHING, so only one request
-- (on any node) makes them.
create table dashboard_defaults (
    tenant_id bigint not null references tenant (tenant_id),
    made_at   timestamptz not null,
    constraint dashboard_defaults_pk primary key (tenant_id)
);

-- How far a tenant's data has moved: version grows, in the transaction that changes the data (stored events but
-- Tally's own api.call records, billing facts, customer profiles, meters, metrics), as its last statement, so that
-- the row is locked only for the commit. A cached dashboard answer computed at version V is right while it is V.
create table tenant_data_version (
    tenant_id  bigint not null references tenant (tenant_id),
    version    bigint not null,
    changed_at timestamptz not null,
    constraint tenant_data_version_pk primary key (tenant_id)
);
