package io.tally.adapter.in.web.tenant;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.GetTenantQuery;
import io.tally.application.port.in.GetTenantUseCase;
import io.tally.application.port.in.UpdateTenantSettingsCommand;
import io.tally.application.port.in.UpdateTenantSettingsUseCase;
import io.tally.domain.access.Actor;
import jakarta.validation.Valid;

@Tag(name = "Tenant")
@Controller("/api/v1/tenant")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class TenantController {

    private final GetTenantUseCase getTenant;
    private final UpdateTenantSettingsUseCase updateSettings;

    TenantController(GetTenantUseCase getTenant, UpdateTenantSettingsUseCase updateSettings) {
        this.getTenant = getTenant;
        this.updateSettings = updateSettings;
    }

    /**
     * The caller's tenant and its settings. A tenant is created with default settings (UTC, USD) the first
     * time one of its tokens is used.
     *
     * @return the tenant
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    TenantResponse getTenant(@Parameter(hidden = true) Actor actor) {
        return TenantResponse.of(getTenant.getTenant(new GetTenantQuery(actor)));
    }

    /**
     * Replaces the tenant's settings (owner only). Changed settings are written to the audit log.
     *
     * @param request the new settings
     * @return the tenant with its new settings
     */
    @Put("/settings")
    @Secured(SecurityRoles.OWNER)
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    TenantResponse updateTenantSettings(@Parameter(hidden = true) Actor actor, @Body @Valid TenantSettingsRequest request) {
        return TenantResponse.of(updateSettings.updateSettings(new UpdateTenantSettingsCommand(actor, request.toSettings())));
    }
}
