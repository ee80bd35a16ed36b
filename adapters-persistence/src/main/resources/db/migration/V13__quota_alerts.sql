-- Quota alerts (issue 16): the shares of a plan limit at which the tenant is told a customer reached them, the tenant's
-- channels for them, and each crossing recorded once per customer, meter, limit period and share.
alter table plan_limit add column alert_at_pct integer[] not null default '{}';

alter table tenant add column alert_channels json;

create table quota_alert (
    tenant_id    bigint not null,
    customer     text collate "C" not null,
    meter_key    text collate "C" not null,
    period_start timestamptz not null,
    pct          integer not null,
    event_id     uuid not null,
    constraint quota_alert_pk primary key (tenant_id, customer, meter_key, period_start, pct)
);
