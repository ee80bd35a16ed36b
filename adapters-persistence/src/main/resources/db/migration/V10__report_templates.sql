-- A tenant's own report templates (the built-in ones ship in the jar, report-templates/*.json): the definition in its
-- JSON form, kept as written (json, not jsonb, so the order of its fields stays as the manager gave it), the current
-- version, and who made it. Every change is also in the audit log, with the definition.
create table report_template (
    tenant_id    bigint not null references tenant (tenant_id),
    template_key text collate "C" not null,
    definition   json not null,
    version      integer not null,
    updated_by   text not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint report_template_pk primary key (tenant_id, template_key),
    constraint report_template_version_positive check (version >= 1)
);

-- An export names a report template and may give values for its parameters (a JSON object).
ALTER TABLE export_job ADD COLUMN params json;
