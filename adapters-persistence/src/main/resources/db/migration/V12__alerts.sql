-- Alert rules (issue 16). The definition is kept as the JSON the API takes; enabled is a column too, for the sweep that
-- arms evaluations. last_evaluated_at and last_error tell how the last evaluation went.
create table alert_rule (
    tenant_id         bigint not null references tenant (tenant_id),
    rule_id           uuid not null,
    definition        json not null,
    enabled           boolean not null,
    version           integer not null,
    created_by        text not null,
    created_at        timestamptz not null,
    updated_by        text not null,
    updated_at        timestamptz not null,
    last_evaluated_at timestamptz,
    last_error        text,
    constraint alert_rule_pk primary key (tenant_id, rule_id)
);

create index alert_rule_enabled on alert_rule (tenant_id, rule_id) where enabled;

-- A rule's state per subject: subject is '' for the whole tenant, else the customer's external id. value is the value
-- last compared (null: no data).
create table alert_state (
    tenant_id    bigint not null,
    rule_id      uuid not null,
    subject      text collate "C" not null,
    state        text not null,
    breaches     integer not null,
    since        timestamptz not null,
    value        numeric,
    evaluated_at timestamptz not null,
    constraint alert_state_pk primary key (tenant_id, rule_id, subject),
    constraint alert_state_rule foreign key (tenant_id, rule_id) references alert_rule (tenant_id, rule_id) on delete cascade,
    constraint alert_state_known check (state in ('ok', 'pending', 'firing', 'no_data'))
);

-- What alerts did: transitions, test-fires and quota crossings. Kept when the rule is deleted (rule_id then names a
-- rule that is gone; the name and severity are those it had). event_id is the webhook-id of its webhooks.
create table alert_event (
    tenant_id  bigint not null,
    event_id   uuid not null,
    kind       text not null,
    rule_id    uuid,
    rule_name  text not null,
    severity   text not null,
    subject    text collate "C" not null,
    from_state text not null,
    to_state   text not null,
    value      numeric,
    threshold  numeric not null,
    at         timestamptz not null,
    notified   boolean not null,
    constraint alert_event_pk primary key (tenant_id, event_id),
    constraint alert_event_kind check (kind in ('transition', 'test', 'quota')),
    constraint alert_event_severity check (severity in ('critical', 'high', 'medium', 'low'))
);

create index alert_event_rule on alert_event (tenant_id, rule_id, at desc, event_id desc);
create index alert_event_notified on alert_event (tenant_id, at desc, event_id desc) where notified;

-- The outbox: an event's notifications (one per channel of the rule) are written in the event's transaction, pending,
-- and attempted by the job runner; a sweep hands over those whose handing-over was lost.
create table alert_notification (
    tenant_id       bigint not null,
    delivery_id     uuid not null,
    event_id        uuid not null,
    position        integer not null,
    channel         json not null,
    status          text not null,
    next_attempt_at timestamptz,
    constraint alert_notification_pk primary key (tenant_id, delivery_id),
    constraint alert_notification_once unique (tenant_id, event_id, position),
    constraint alert_notification_event foreign key (tenant_id, event_id) references alert_event (tenant_id, event_id) on delete cascade,
    constraint alert_notification_status check (status in ('pending', 'succeeded', 'failed'))
);

create index alert_notification_pending on alert_notification (next_attempt_at) where status = 'pending';

create table alert_notification_attempt (
    tenant_id   bigint not null,
    delivery_id uuid not null,
    attempt     integer not null,
    at          timestamptz not null,
    succeeded   boolean not null,
    reply       text,
    error       text,
    duration_ms bigint not null,
    constraint alert_notification_attempt_pk primary key (tenant_id, delivery_id, attempt),
    constraint alert_notification_attempt_of foreign key (tenant_id, delivery_id) references alert_notification (tenant_id, delivery_id)
        on delete cascade
);
