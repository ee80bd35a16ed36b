-- Scheduled report delivery: schedules, their runs (one per schedule and fire time), the runs' files in the export
-- store, one delivery per channel with every attempt, the tenant's webhook signing secret, and db-scheduler's table.

alter table tenant add column webhook_secret text;

-- The definition is kept as the JSON the API takes (name, report, params, formats, cron, timezone, channels, enabled,
-- retention_days); enabled is a column too, for the operator's eye.
create table report_schedule (
    tenant_id   bigint not null references tenant (tenant_id),
    schedule_id uuid not null,
    definition  json not null,
    enabled     boolean not null,
    version     integer not null,
    created_by  text not null,
    created_at  timestamptz not null,
    updated_by  text not null,
    updated_at  timestamptz not null,
    constraint report_schedule_pk primary key (tenant_id, schedule_id)
);

-- A run's idempotency key is its schedule and fire time (and trigger: a run asked for now is not a fire).
create table schedule_run (
    tenant_id     bigint not null,
    run_id        uuid not null,
    schedule_id   uuid not null,
    fire_time     timestamptz not null,
    trigger       text not null,
    status        text not null,
    attempts      integer not null default 0,
    node          text,
    created_at    timestamptz not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    data_as_of    timestamptz,
    watermark     bigint,
    period_from   date,
    period_to     date,
    period_zone   text,
    error         text,
    constraint schedule_run_pk primary key (tenant_id, run_id),
    constraint schedule_run_once unique (tenant_id, schedule_id, fire_time, trigger),
    constraint schedule_run_schedule foreign key (tenant_id, schedule_id) references report_schedule (tenant_id, schedule_id) on delete cascade,
    constraint schedule_run_trigger check (trigger in ('cron', 'manual')),
    constraint schedule_run_status check (status in ('queued', 'running', 'delivering', 'succeeded', 'partially_failed', 'failed'))
);

create index schedule_run_newest on schedule_run (tenant_id, schedule_id, created_at desc, run_id desc);

-- A run's file; its content in chunks of up to 1 MiB, deleted (and expired set) when its retention ends.
create table schedule_file (
    tenant_id       bigint not null,
    file_id         uuid not null,
    run_id          uuid not null,
    format          text not null,
    file_name       text not null,
    file_name_ascii text not null,
    row_count       bigint not null,
    byte_count      bigint not null,
    sha256          text not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    expired         boolean not null default false,
    constraint schedule_file_pk primary key (tenant_id, file_id),
    constraint schedule_file_once unique (tenant_id, run_id, format),
    constraint schedule_file_run foreign key (tenant_id, run_id) references schedule_run (tenant_id, run_id) on delete cascade
);

create index schedule_file_expiring on schedule_file (expires_at) where not expired;

create table schedule_file_chunk (
    tenant_id bigint not null,
    file_id   uuid not null,
    run_id    uuid not null,
    seq       integer not null,
    data      bytea not null,
    constraint schedule_file_chunk_pk primary key (tenant_id, file_id, seq),
    constraint schedule_file_chunk_run foreign key (tenant_id, run_id) references schedule_run (tenant_id, run_id) on delete cascade
);

-- One delivery per run and channel (its position in the schedule's channels), and its attempts.
create table schedule_delivery (
    tenant_id       bigint not null,
    delivery_id     uuid not null,
    run_id          uuid not null,
    position        integer not null,
    channel         json not null,
    status          text not null,
    next_attempt_at timestamptz,
    constraint schedule_delivery_pk primary key (tenant_id, delivery_id),
    constraint schedule_delivery_once unique (tenant_id, run_id, position),
    constraint schedule_delivery_run foreign key (tenant_id, run_id) references schedule_run (tenant_id, run_id) on delete cascade,
    constraint schedule_delivery_status check (status in ('pending', 'succeeded', 'failed'))
);

create table delivery_attempt (
    tenant_id   bigint not null,
    delivery_id uuid not null,
    attempt     integer not null,
    at          timestamptz not null,
    succeeded   boolean not null,
    reply       text,
    error       text,
    duration_ms bigint not null,
    constraint delivery_attempt_pk primary key (tenant_id, delivery_id, attempt),
    constraint delivery_attempt_delivery foreign key (tenant_id, delivery_id) references schedule_delivery (tenant_id, delivery_id)
        on delete cascade
);

-- db-scheduler's executions (com.github.kagkarlsson:db-scheduler 16): schedule fires, runs, delivery attempts and
-- cleanups, each picked by one node; an execution whose node stops heart-beating is taken over. Global (not per tenant):
-- task instances carry the tenant in their data.
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    constraint scheduled_tasks_pk primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);
