-- Reports and exports: the tenant's locale (its country picks a PDF's paper size), and async export jobs with
-- their files, kept in PostgreSQL so that any node can run a job and any node can serve its file.

alter table tenant add column locale text not null default 'en-US';

-- A job runs as the actor who asked for it: its subject, roles, scopes and customer scope are kept (null
-- customers: not limited). The request is kept as given (period as named), so the job runs what was asked.
create table export_job (
    job_id          uuid primary key,
    tenant_id       bigint not null references tenant (tenant_id),
    actor_subject   text not null,
    actor_kind      text not null,
    actor_roles     text[] not null,
    actor_scopes    text[] not null,
    actor_customers text[],
    request_id      text not null,
    report          text not null,
    customer        text,
    days            integer,
    from_day        date,
    to_day          date,
    month           text,
    tz              text,
    format          text not null,
    bom             boolean not null,
    paper           text,
    status          text not null,
    attempts        integer not null default 0,
    row_count       bigint,
    byte_count      bigint,
    file_name       text,
    file_name_ascii text,
    error           text,
    created_at      timestamptz not null,
    claimed_at      timestamptz,
    finished_at     timestamptz,
    expires_at      timestamptz,
    constraint export_job_status_known check (status in ('queued', 'running', 'succeeded', 'failed', 'expired')),
    constraint export_job_actor_kind check (actor_kind in ('user', 'service'))
);

-- The queue: only jobs not yet finished, oldest first.
create index export_job_pending on export_job (created_at) where status in ('queued', 'running');
-- The cleanup: finished files by expiry.
create index export_job_expiring on export_job (expires_at) where status = 'succeeded';

-- A file in chunks of up to 1 MiB, written and read one chunk at a time, so its size never sits in memory.
create table export_file_chunk (
    job_id uuid not null references export_job (job_id) on delete cascade,
    seq    integer not null,
    data   bytea not null,
    constraint export_file_chunk_pk primary key (job_id, seq)
);
