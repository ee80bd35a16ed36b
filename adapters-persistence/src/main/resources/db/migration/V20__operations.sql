-- Operations: managed service tokens, and when each pending rollup delta was written (the fold lag).

-- Service tokens issued through POST /api/v1/admin/service-tokens. The token itself is never stored: jti names it.
-- A revoked token keeps its row (who revoked it, when); nodes read the revoked, unexpired ones as their deny-list
-- every 2 seconds (service_token_revoked). last_used_at is written by each node every few seconds, never moved back.
create table service_token (
    tenant_id    bigint not null references tenant (tenant_id),
    jti          uuid not null,
    name         text not null,
    scopes       text[] not null,
    created_at   timestamptz not null,
    created_by   text not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    constraint service_token_pk primary key (tenant_id, jti),
    constraint service_token_revoked_together check ((revoked_at is null) = (revoked_by is null))
);

-- The listing: newest first, with (created_at, jti) as the cursor.
create index service_token_by_time on service_token (tenant_id, created_at desc, jti desc);
-- The deny-list: revoked tokens by expiry (only those not expired yet matter).
create index service_token_revoked on service_token (expires_at) where revoked_at is not null;

-- The fold lag is the age of the oldest delta not folded into usage_rollup yet. Existing rows get the
-- migration's time; the folder empties the table within seconds anyway.
alter table usage_rollup_pending add column created_at timestamptz not null default now();

-- When the tenant's last event was received (GET /api/v1/status), moved with the watermark that ingestion moves
-- anyway: no extra row is written per batch.
alter table tenant_data_version add column events_received_at timestamptz;
