-- Personal data (issue 17): the event data names a tenant marks as personal (comma-separated, '' for none), shown masked
-- in every answer but a customer's access export.
alter table tenant add column personal_dimensions text not null default '';
