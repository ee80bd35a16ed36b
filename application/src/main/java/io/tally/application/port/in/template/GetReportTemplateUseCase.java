package io.tally.application.port.in.template;

import io.tally.domain.template.ReportTemplate;

/** Reads one report template: built-in or the tenant's own; another tenant's does not exist. */
public interface GetReportTemplateUseCase {

    ReportTemplate getReportTemplate(ReportTemplateQuery query);
}
