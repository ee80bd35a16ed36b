package io.tally.adapter.in.web.plan;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.plan.ChangePlanCommand;
import io.tally.application.port.in.plan.ChangePlanUseCase;
import io.tally.application.port.in.plan.DefinePlanCommand;
import io.tally.application.port.in.plan.DefinePlanUseCase;
import io.tally.application.port.in.plan.GetPlanQuery;
import io.tally.application.port.in.plan.GetPlanUseCase;
import io.tally.application.port.in.plan.ListPlansQuery;
import io.tally.application.port.in.plan.ListPlansUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.plan.Plan;
import jakarta.validation.Valid;
import java.util.List;

@Tag(name = "Plans and limits")
@Controller("/api/v1/plans")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.MANAGER)
@ProblemResponses.Secured
class PlanController {

    private final DefinePlanUseCase define;
    private final ChangePlanUseCase change;
    private final GetPlanUseCase get;
    private final ListPlansUseCase list;

    PlanController(DefinePlanUseCase define, ChangePlanUseCase change, GetPlanUseCase get, ListPlansUseCase list) {
        this.define = define;
        this.change = change;
        this.get = get;
        this.list = list;
    }

    /**
     * Defines a plan: a key (what customer profiles name in {@code plan}), a name and its limits, one per meter
     * (an ungrouped count or sum meter). Manager and above; 409 when the key is taken.
     *
     * @param body the plan
     * @return 201 with the plan and its Location
     */
    @Post
    @ApiResponse(responseCode = "201", description = "the plan; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<PlanResponse> definePlan(@Parameter(hidden = true) Actor actor, @Body @Valid PlanRequest body) {
        Plan plan = define.definePlan(new DefinePlanCommand(actor, body.toPlan(null)));
        return HttpResponse.<PlanResponse>status(HttpStatus.CREATED).body(PlanResponse.of(plan))
                .header(HttpHeaders.LOCATION, "/api/v1/plans/" + plan.key());
    }

    /**
     * The tenant's plans, by key.
     *
     * @return every plan
     */
    @Get
    List<PlanResponse> listPlans(@Parameter(hidden = true) Actor actor) {
        return list.listPlans(new ListPlansQuery(actor)).stream().map(PlanResponse::of).toList();
    }

    /**
     * One plan.
     *
     * @param key the plan's key
     * @return the plan
     */
    @Get("/{key}")
    @ProblemResponses.NotFound
    PlanResponse getPlan(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        return PlanResponse.of(get.getPlan(new GetPlanQuery(actor, key)));
    }

    /**
     * Replaces a plan's name and limits (the key stays). Customers on the plan are measured against the new
     * limits from then on.
     *
     * @param key the plan's key
     * @param body the plan's new name and limits
     * @return the plan
     */
    @Put("/{key}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    PlanResponse changePlan(@Parameter(hidden = true) Actor actor, @PathVariable String key, @Body @Valid PlanRequest body) {
        return PlanResponse.of(change.changePlan(new ChangePlanCommand(actor, body.toPlan(key))));
    }
}
