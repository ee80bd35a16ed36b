-- Every primary and unique key leads with tenant_id, so that each table can be distributed by tenant_id (Citus: see
-- docs/operations.md, "Scaling out") and every row of a tenant is found through its tenant's part of the index. Four
-- tables had keys of their own ids alone; their ids stay unique (random UUIDs), now within their tenant.

-- Async export jobs and their files: the chunks carry the tenant too.
alter table export_file_chunk drop constraint export_file_chunk_job_id_fkey;
alter table export_file_chunk drop constraint export_file_chunk_pk;
alter table export_file_chunk add column tenant_id bigint;
update export_file_chunk c set tenant_id = j.tenant_id from export_job j where j.job_id = c.job_id;
alter table export_file_chunk alter column tenant_id set not null;
alter table export_job drop constraint export_job_pkey;
alter table export_job add constraint export_job_pk primary key (tenant_id, job_id);
alter table export_file_chunk add constraint export_file_chunk_pk primary key (tenant_id, job_id, seq);
alter table export_file_chunk add constraint export_file_chunk_job foreign key (tenant_id, job_id)
    references export_job (tenant_id, job_id) on delete cascade;

-- Usage resets and the customers each applies to.
alter table usage_reset_customer drop constraint usage_reset_customer_reset_id_fkey;
alter table usage_reset_customer drop constraint usage_reset_customer_pk;
alter table usage_reset drop constraint usage_reset_pkey;
alter table usage_reset add constraint usage_reset_pk primary key (tenant_id, reset_id);
alter table usage_reset_customer add constraint usage_reset_customer_pk primary key (tenant_id, reset_id, customer_id);
alter table usage_reset_customer add constraint usage_reset_customer_reset foreign key (tenant_id, reset_id)
    references usage_reset (tenant_id, reset_id) on delete cascade;
