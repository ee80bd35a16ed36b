package io.tally.application.port.in.template;

import io.tally.domain.template.ReportTemplate;

/** Defines one of the tenant's own report templates (managers). */
public interface DefineReportTemplateUseCase {

    ReportTemplate defineReportTemplate(ReportTemplateCommand command);
}
