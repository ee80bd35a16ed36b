package io.tally.adapter.in.web.analytics;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
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
import io.tally.application.port.in.meter.ChangeMeterCommand;
import io.tally.application.port.in.meter.ChangeMeterUseCase;
import io.tally.application.port.in.meter.DefineMeterCommand;
import io.tally.application.port.in.meter.DefineMeterUseCase;
import io.tally.application.port.in.meter.DeleteMeterCommand;
import io.tally.application.port.in.meter.DeleteMeterUseCase;
import io.tally.application.port.in.meter.GetMeterQuery;
import io.tally.application.port.in.meter.GetMeterUseCase;
import io.tally.application.port.in.meter.ListMetersQuery;
import io.tally.application.port.in.meter.ListMetersUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import jakarta.validation.Valid;
import java.util.List;

@Tag(name = "Meters")
@Controller("/api/v1/meters")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class MeterController {

    private final DefineMeterUseCase defineMeter;
    private final ListMetersUseCase listMeters;
    private final GetMeterUseCase getMeter;
    private final ChangeMeterUseCase changeMeter;
    private final DeleteMeterUseCase deleteMeter;

    MeterController(DefineMeterUseCase defineMeter, ListMetersUseCase listMeters, GetMeterUseCase getMeter, ChangeMeterUseCase changeMeter,
                    DeleteMeterUseCase deleteMeter) {
        this.defineMeter = defineMeter;
        this.listMeters = listMeters;
        this.getMeter = getMeter;
        this.changeMeter = changeMeter;
        this.deleteMeter = deleteMeter;
    }

    /**
     * Every meter the tenant can use: the built-in ones, then its own.
     *
     * @return the meters
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    List<MeterResponse> listMeters(@Parameter(hidden = true) Actor actor) {
        return listMeters.listMeters(new ListMetersQuery(actor)).stream().map(MeterResponse::of).toList();
    }

    /**
     * One meter.
     *
     * @param key the meter's key
     * @return the meter
     */
    @Get("/{key}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.NotFound
    MeterResponse getMeter(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        return MeterResponse.of(getMeter.getMeter(new GetMeterQuery(actor, meterKey(key))));
    }

    /**
     * Defines a meter of the tenant's own (manager and above). Its key must be new and not a built-in one's (409).
     *
     * @param request the definition
     * @return the meter
     */
    @Post
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "201", description = "the meter; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeterResponse.class)))
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<MeterResponse> defineMeter(@Parameter(hidden = true) Actor actor, @Body @Valid MeterRequest request) {
        MeterResponse body = MeterResponse.of(defineMeter.defineMeter(new DefineMeterCommand(actor, request.toMeter(null))));
        return HttpResponse.<MeterResponse>status(HttpStatus.CREATED).body(body).header("Location", "/api/v1/meters/" + body.key());
    }

    /**
     * Replaces the definition of one of the tenant's own meters (manager and above); built-in meters cannot be changed (409).
     *
     * @param key the meter's key
     * @param request the new definition
     * @return the meter
     */
    @Put("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    MeterResponse changeMeter(@Parameter(hidden = true) Actor actor, @PathVariable String key, @Body @Valid MeterRequest request) {
        if (request.key() != null && !request.key().equals(key)) {
            throw new InvalidValueException("key", "must match the key in the path, or be left out");
        }
        return MeterResponse.of(changeMeter.changeMeter(new ChangeMeterCommand(actor, request.toMeter(meterKey(key).value()))));
    }

    /**
     * Deletes one of the tenant's own meters (manager and above); built-in meters cannot be deleted (409).
     *
     * @param key the meter's key
     * @return no content
     */
    @Delete("/{key}")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    HttpResponse<Void> deleteMeter(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        deleteMeter.deleteMeter(new DeleteMeterCommand(actor, meterKey(key)));
        return HttpResponse.noContent();
    }

    private static MeterKey meterKey(String key) {
        if (!MeterKey.isValid(key)) {
            throw new NotFoundException("meter", key);
        }
        return MeterKey.of(key);
    }
}
