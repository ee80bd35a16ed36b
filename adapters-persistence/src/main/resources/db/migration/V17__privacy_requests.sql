-- Data subjects' requests (issue 17): access, erasure, rectification, restriction, objection and the lifting of a
-- restriction, each run once as a job; an erased customer's keyed-hash tombstone; restriction of processing.

-- A request, from receipt to completion or rejection. changes: rectification's profile fields. receipt: what was done,
-- per table (erasure's rows deleted and masked; access's files). An access request's zip is kept in
-- privacy_file_chunk until file_expires_at.
create table privacy_request (
    tenant_id       bigint not null references tenant (tenant_id),
    request_id      uuid not null,
    customer_id     bigint not null,
    type            text not null,
    note            text,
    changes         jsonb,
    status          text not null,
    received_at     timestamptz not null,
    due_at          timestamptz not null,
    finished_at     timestamptz,
    reason          text,
    received_by     text not null,
    receipt         jsonb,
    file_bytes      bigint,
    file_sha256     text,
    file_expires_at timestamptz,
    file_deleted_at timestamptz,
    constraint privacy_request_pk primary key (tenant_id, request_id),
    constraint privacy_request_customer foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id),
    constraint privacy_request_type check (type in ('access', 'erasure', 'rectification', 'restriction', 'objection', 'lift_restriction')),
    constraint privacy_request_status check (status in ('received', 'in_progress', 'completed', 'rejected')),
    constraint privacy_request_finished check ((status in ('completed', 'rejected')) = (finished_at is not null))
);
create index privacy_request_by_time on privacy_request (tenant_id, received_at desc, request_id desc);
create index privacy_request_open on privacy_request (due_at) where status in ('received', 'in_progress');

create table privacy_file_chunk (
    tenant_id  bigint not null,
    request_id uuid not null,
    seq        integer not null,
    data       bytea not null,
    constraint privacy_file_chunk_pk primary key (tenant_id, request_id, seq),
    constraint privacy_file_chunk_request foreign key (tenant_id, request_id) references privacy_request (tenant_id, request_id)
);

-- The key of a tenant's tombstones (HMAC-SHA256), made at its first erasure; null while nobody was erased.
alter table tenant add column erasure_key bytea;

-- Erased customers, known only by the keyed hash of their external id: a later event naming that id is recognised and
-- refused without the id being kept. The customer row itself carries the tombstone as its external id.
create table erased_subject (
    tenant_id  bigint not null references tenant (tenant_id),
    tombstone  text collate "C" not null,
    erased_at  timestamptz not null,
    request_id uuid not null,
    constraint erased_subject_pk primary key (tenant_id, tombstone)
);

-- Restriction of processing (Arts. 18 and 21): events stay stored but are left out of every figure from restricted_at on,
-- until lifted; restricted_by and lifted_by are the requests that did it (a request run again recognises its own work).
-- erased_at marks a customer being or having been erased.
alter table customer
    add column restricted_at timestamptz,
    add column restricted_by uuid,
    add column lifted_by     uuid,
    add column erased_at     timestamptz;
create index customer_restricted on customer (tenant_id, external_id) where restricted_at is not null;

-- Erasure may mask a payment id that holds a customer's id: its refunds follow it, checked at commit.
alter table payment_refund
    drop constraint payment_refund_payment_fk,
    add constraint payment_refund_payment_fk foreign key (tenant_id, payment_id) references payment (tenant_id, payment_id)
        on update cascade deferrable initially immediate;

-- Erasure masks personal data in audit entries: an UPDATE is allowed only in a transaction that set tally.audit_erasure
-- to 'on' (the erasure, SET LOCAL); a DELETE only under tally.audit_retention (V15). Anything else stays refused.
create or replace function audit_entry_refuse_change() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' and coalesce(current_setting('tally.audit_retention', true), '') = 'on' then
        return old;
    end if;
    if tg_op = 'UPDATE' and coalesce(current_setting('tally.audit_erasure', true), '') = 'on' then
        return new;
    end if;
    raise exception 'audit_entry is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

-- Erasure's masking. A text equal to an id or a name becomes the replacement. Within a longer text, an external id is
-- replaced where it stands as an identifier of its own: not next to a letter, digit, '_', '.', '@' or '-' ('acme' in
-- 'customer:acme' and 'by acme,' but not in 'acme-eu' or 'pay_acme'), and only an id of at least 4 characters that is not
-- all digits (a short or numeric id would hit times and numbers); a display name is replaced where it stands as words
-- (not next to a letter or digit). JSON: string values only, never keys.
create function privacy_mask_text(value text, ids text[], names text[], replacement text) returns text
    language plpgsql immutable as
$$
declare
    needle text;
    masked text := value;
begin
    if value is null then
        return null;
    end if;
    if value = any (ids) or value = any (names) then
        return replacement;
    end if;
    foreach needle in array ids loop
        if char_length(needle) >= 4 and needle !~ '^[0-9]+$' and strpos(masked, needle) > 0 then
            masked := regexp_replace(masked,
                                     '(^|[^A-Za-z0-9_.@-])' || regexp_replace(needle, '([^[:alnum:][:space:]])', '\\\1', 'g') || '(?=[^A-Za-z0-9_.@-]|$)',
                                     '\1' || replace(replacement, '\', '\\'), 'g');
        end if;
    end loop;
    foreach needle in array names loop
        if needle <> '' and strpos(masked, needle) > 0 then
            masked := regexp_replace(masked,
                                     '(^|[^[:alnum:]])' || regexp_replace(needle, '([^[:alnum:][:space:]])', '\\\1', 'g') || '(?=[^[:alnum:]]|$)',
                                     '\1' || replace(replacement, '\', '\\'), 'g');
        end if;
    end loop;
    return masked;
end
$$;

create function privacy_mask_jsonb(value jsonb, ids text[], names text[], replacement text) returns jsonb
    language sql immutable as
$$
select case jsonb_typeof(value)
           when 'string' then to_jsonb(privacy_mask_text(value #>> '{}', ids, names, replacement))
           when 'object' then coalesce((select jsonb_object_agg(k, privacy_mask_jsonb(v, ids, names, replacement))
                                          from jsonb_each(value) as e (k, v)), '{}'::jsonb)
           when 'array' then coalesce((select jsonb_agg(privacy_mask_jsonb(v, ids, names, replacement) order by n)
                                         from jsonb_array_elements(value) with ordinality as a (v, n)), '[]'::jsonb)
           else value
       end
$$;
