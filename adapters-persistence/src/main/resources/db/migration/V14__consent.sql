-- Consent (issue 17): the categories a tenant requires before it stores a customer's usage events (comma-separated,
-- '' for none), and every consent statement the product recorded, appended and never changed.
alter table tenant add column consent_required text not null default '';

create table consent_record (
    tenant_id    bigint not null,
    customer_id  bigint not null,
    seq          bigint generated always as identity,
    category     text collate "C" not null,
    given        boolean not null,
    version      text not null,
    legal_basis  text not null,
    purpose      text,
    at           timestamptz not null,
    recorded_at  timestamptz not null,
    constraint consent_record_pk primary key (tenant_id, customer_id, seq),
    constraint consent_record_customer foreign key (tenant_id, customer_id) references customer (tenant_id, customer_id),
    constraint consent_record_basis check (legal_basis in ('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task',
                                                            'legitimate_interests'))
);
