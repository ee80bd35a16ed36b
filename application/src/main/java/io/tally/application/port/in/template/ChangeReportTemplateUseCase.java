package io.tally.application.port.in.template;

import io.tally.domain.template.ReportTemplate;

/** Replaces the definition of one of the tenant's own report templates (managers): a new version. */
public interface ChangeReportTemplateUseCase {

    ReportTemplate changeReportTemplate(ReportTemplateCommand command);
}
