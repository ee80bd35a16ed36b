package io.tally.application.port.in.template;

import io.tally.application.port.in.Page;
import io.tally.domain.template.ReportTemplate;

/** Lists the report templates: the built-in ones and the tenant's own. */
public interface ListReportTemplatesUseCase {

    Page<ReportTemplate> listReportTemplates(ListReportTemplatesQuery query);
}
