package io.tally.application.port.in.template;

/** Deletes one of the tenant's own report templates (managers); built-in ones stay. */
public interface DeleteReportTemplateUseCase {

    void deleteReportTemplate(DeleteReportTemplateCommand command);
}
