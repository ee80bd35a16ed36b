-- Retention (issue 17): how long a tenant keeps usage events (null: forever), audit entries and async export files,
-- and whether the rollups of deleted events stay. The audit log stays append-only for everything else: a DELETE is
-- allowed only in a transaction that set tally.audit_retention to 'on' (the retention cleanup, SET LOCAL).
alter table tenant
    add column retention_events_days  integer,
    add column retention_audit_days   integer not null default 730,
    add column retention_exports_days integer not null default 30,
    add column retention_keep_rollups boolean not null default true,
    add constraint tenant_retention_events_days check (retention_events_days is null or retention_events_days between 30 and 36500),
    add constraint tenant_retention_audit_days check (retention_audit_days between 30 and 36500),
    add constraint tenant_retention_exports_days check (retention_exports_days between 1 and 36500);

create or replace function audit_entry_refuse_change() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' and coalesce(current_setting('tally.audit_retention', true), '') = 'on' then
        return old;
    end if;
    raise exception 'audit_entry is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;
