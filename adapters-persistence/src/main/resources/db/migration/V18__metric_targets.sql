-- Targets on metrics (issue 18): a goal for a metric's value over each day, week, month or quarter, for the tenant's
-- figure (customer '') or one customer's (its external id), at least or at most a value, a money metric's in one
-- currency ('' otherwise). A metric's targets are replaced as a whole; a tenant metric's go when it is deleted.
create table metric_target (
    tenant_id   bigint not null references tenant (tenant_id),
    metric_key  text collate "C" not null,
    customer    text collate "C" not null default '',
    period      text not null,
    comparison  text not null,
    currency    text collate "C" not null default '',
    value       numeric not null,
    created_at  timestamptz not null,
    constraint metric_target_pk primary key (tenant_id, metric_key, customer, period, comparison, currency),
    constraint metric_target_period check (period in ('day', 'week', 'month', 'quarter')),
    constraint metric_target_comparison check (comparison in ('at_least', 'at_most'))
);
