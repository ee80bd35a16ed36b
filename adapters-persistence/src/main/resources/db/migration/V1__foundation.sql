-- Tally foundation: tenants, customers and the audit log.
--
-- Every table carries tenant_id and it leads every primary key and index, so each query is tenant-scoped
-- by construction and the schema can be distributed by tenant_id (Citus) when one database is outgrown.
-- tenant_id is a surrogate for the token's `tenant` claim (tenant.tenant_key), which keeps keys narrow.
-- Identifiers that are compared and paged through use the "C" collation: byte order, the same on every
-- machine, whatever the database's locale.

create table tenant (
    tenant_id    bigint generated always as identity primary key,
    tenant_key   text collate "C" not null,
    timezone     text not null,
    currency     char(3) not null,
    brand_name   text,
    brand_colour char(7) not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint tenant_key_unique unique (tenant_key),
    constraint tenant_key_format check (tenant_key ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    constraint tenant_currency_format check (currency ~ '^[A-Z]{3}$'),
    constraint tenant_brand_colour_format check (brand_colour ~ '^#[0-9A-F]{6}$')
);

create table customer (
    tenant_id    bigint not null references tenant (tenant_id),
    customer_id  bigint generated always as identity,
    external_id  text collate "C" not null,
    display_name text,
    timezone     text,
    country      char(2),
    currency     char(3),
    plan         text,
    signed_up_at timestamptz,
    status       text not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint customer_pk primary key (tenant_id, customer_id),
    constraint customer_external_id_unique unique (tenant_id, external_id),
    constraint customer_status_known check (status in ('active', 'suspended', 'closed')),
    constraint customer_external_id_length check (char_length(external_id) between 1 and 255)
);

-- Append-only: the application inserts and selects; the triggers below refuse every update, delete and
-- truncate, whoever connects. Where the deployment has a separate application role, grant it only
-- INSERT and SELECT on this table (see docs/architecture.md).
create table audit_entry (
    tenant_id   bigint not null references tenant (tenant_id),
    audit_id    bigint generated always as identity,
    occurred_at timestamptz not null,
    actor       text not null,
    action      text not null,
    target      text not null,
    details     jsonb not null,
    request_id  text not null,
    constraint audit_entry_pk primary key (tenant_id, audit_id)
);

create index audit_entry_by_time on audit_entry (tenant_id, occurred_at desc, audit_id desc);

create function audit_entry_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_entry is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entry_no_update_or_delete
    before update or delete on audit_entry
    for each row execute function audit_entry_refuse_change();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_refuse_change();
