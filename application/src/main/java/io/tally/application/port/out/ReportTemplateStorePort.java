package io.tally.application.port.out;

import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateKey;
import io.tally.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** Report templates: the built-in ones shipped with Tally, and each tenant's own. */
public interface ReportTemplateStorePort {

    /** The templates every tenant has, in key order. */
    List<ReportTemplate> builtIns();

    Optional<ReportTemplate> find(TenantId tenant, TemplateKey key);

    /** The tenant's template, locked until the transaction ends. */
    Optional<ReportTemplate> findForUpdate(TenantId tenant, TemplateKey key);

    /** The tenant's templates with keys after {@code after}, in key order (byte order), at most {@code limit}. */
    List<ReportTemplate> list(TenantId tenant, Optional<TemplateKey> after, int limit);

    /** Stores a new template; false when the tenant has one with its key already. */
    boolean create(TenantId tenant, ReportTemplate template);

    /** Replaces the template of its key with this version. */
    void update(TenantId tenant, ReportTemplate template);

    boolean delete(TenantId tenant, TemplateKey key);
}
