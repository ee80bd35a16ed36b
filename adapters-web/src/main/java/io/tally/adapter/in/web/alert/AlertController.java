package io.tally.adapter.in.web.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
import io.micronaut.http.annotation.QueryValue;
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
import io.tally.adapter.in.web.Cursors;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.alert.admin.AlertChannelsCommand;
import io.tally.application.port.in.alert.admin.AlertChannelsQuery;
import io.tally.application.port.in.alert.AlertCommand;
import io.tally.application.port.in.alert.AlertEventsQuery;
import io.tally.application.port.in.alert.AlertHistoryQuery;
import io.tally.application.port.in.alert.AlertIdCommand;
import io.tally.application.port.in.alert.AlertIdQuery;
import io.tally.application.port.in.alert.AlertView;
import io.tally.application.port.in.alert.ChangeAlertCommand;
import io.tally.application.port.in.alert.ChangeAlertUseCase;
import io.tally.application.port.in.alert.admin.CheckAlertsCommand;
import io.tally.application.port.in.alert.admin.CheckAlertsUseCase;
import io.tally.application.port.in.alert.DefineAlertUseCase;
import io.tally.application.port.in.alert.DeleteAlertUseCase;
import io.tally.application.port.in.alert.GetAlertUseCase;
import io.tally.application.port.in.alert.ListAlertsQuery;
import io.tally.application.port.in.alert.ListAlertsUseCase;
import io.tally.application.port.in.alert.admin.TenantAlertChannelsUseCase;
import io.tally.application.port.in.alert.TestAlertUseCase;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.alert.Severity;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.delivery.Channel;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.Rfc3339;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Threshold alerts: rules on a metric or a saved query, for the tenant, one customer or each customer, with hysteresis and
 * N breaches in a row; their states and history; the notifications across rules; a test-fire; and an admin's evaluation of
 * every rule now. Managers and above change rules, analysts and above read them.
 */
@Tag(name = "Alerts")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class AlertController {

    private final DefineAlertUseCase define;
    private final ChangeAlertUseCase change;
    private final DeleteAlertUseCase delete;
    private final GetAlertUseCase get;
    private final ListAlertsUseCase list;
    private final TestAlertUseCase test;
    private final CheckAlertsUseCase check;
    private final TenantAlertChannelsUseCase channels;

    AlertController(DefineAlertUseCase define, ChangeAlertUseCase change, DeleteAlertUseCase delete, GetAlertUseCase get, ListAlertsUseCase list,
                    TestAlertUseCase test, CheckAlertsUseCase check, TenantAlertChannelsUseCase channels) {
        this.define = define;
        this.change = change;
        this.delete = delete;
        this.get = get;
        this.list = list;
        this.test = test;
        this.check = check;
        this.channels = channels;
    }

    /**
     * Defines an alert rule (manager and above): {@code name}; {@code metric}, or {@code saved_query} ({@code id},
     * {@code params}) asking for one value; {@code scope} ({@code tenant}, {@code {"customer": id}} or {@code each_customer});
     * {@code window}; {@code condition} ({@code op}: above, below, change_pct_above, change_pct_below, limit_pct_above;
     * {@code threshold}; {@code clear_threshold}; {@code for_evaluations}; {@code no_data}: no_data, ok or breaching);
     * {@code severity}; {@code evaluate_every} (10s to 1d); {@code channels}; {@code enabled}; {@code muted_until};
     * {@code currency} for money. It is evaluated at once, then every {@code evaluate_every}.
     *
     * @param body the rule
     * @return 201 with the rule and its Location
     */
    @Post("/alerts")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "201", description = "the rule; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<Map<String, Object>> defineAlert(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        AlertView view = define.defineAlert(new AlertCommand(actor, AlertRuleDefinition.read(body)));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(AlertJson.rule(view))
                .header(HttpHeaders.LOCATION, "/api/v1/alerts/" + view.rule().id());
    }

    /**
     * The tenant's alert rules (analyst and above), in id order, each with its states.
     *
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of rules
     */
    @Get("/alerts")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    Map<String, Object> listAlerts(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Optional<UUID> after = Cursors.decode(cursor).map(AlertController::cursorId);
        Page<AlertView> page = list.listAlerts(new ListAlertsQuery(actor, after, limit == null ? ListAlertsQuery.DEFAULT_LIMIT : limit));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(AlertJson::rule).toList());
        json.put("next_cursor", page.hasMore() ? Cursors.encode(page.items().getLast().rule().id().toString()) : null);
        return json;
    }

    /**
     * One rule (analyst and above) with its current state per subject ({@code ok}, {@code pending}, {@code firing},
     * {@code no_data}), the value last compared, and how its last evaluation went.
     *
     * @param id the rule's id
     * @return the rule
     */
    @Get("/alerts/{id}")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.NotFound
    Map<String, Object> getAlert(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return AlertJson.rule(get.getAlert(new AlertIdQuery(actor, uuid(id))));
    }

    /**
     * Replaces a rule's definition (manager and above): a new version, evaluated at once. What GET adds may be sent back and
     * is ignored. The states of its subjects are kept.
     *
     * @param id the rule's id
     * @param body the new definition
     * @return the rule
     */
    @Put("/alerts/{id}")
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> changeAlert(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body Map<String, Object> body) {
        UUID ruleId = uuid(id);
        if (body.get("id") != null && !id.equals(body.get("id"))) {
            throw new InvalidValueException("id", "must match the id in the path, or be left out");
        }
        Map<String, Object> definition = new LinkedHashMap<>(body);
        AlertJson.ABOUT.forEach(definition::remove);
        return AlertJson.rule(change.changeAlert(new ChangeAlertCommand(actor, ruleId, AlertRuleDefinition.read(definition))));
    }

    /**
     * Deletes a rule and its states (manager and above); its events stay in {@code GET /api/v1/alert-events}.
     *
     * @param id the rule's id
     * @return no content
     */
    @Delete("/alerts/{id}")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.NotFound
    HttpResponse<Void> deleteAlert(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        delete.deleteAlert(new AlertIdCommand(actor, uuid(id)));
        return HttpResponse.noContent();
    }

    /**
     * A rule's history (analyst and above), newest first: every transition (fired, resolved, pending, no data) and test-fire,
     * with time, subject, value, threshold and state, and whether it was notified.
     *
     * @param id the rule's id
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of events
     */
    @Get("/alerts/{id}/history")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> history(@Parameter(hidden = true) Actor actor, @PathVariable String id, @QueryValue @Nullable Integer limit,
                                @QueryValue @Nullable String cursor) {
        Page<AlertEvent> page = list.listAlertHistory(new AlertHistoryQuery(actor, uuid(id), before(cursor),
                limit == null ? AlertHistoryQuery.DEFAULT_LIMIT : limit));
        return events(page);
    }

    /**
     * Sends a test notification through the rule's channels and templates (manager and above), muted or not. It is marked
     * {@code test: true}, recorded in the history as a test, and changes no state.
     *
     * @param id the rule's id
     * @return 202 with the test event
     */
    @Post("/alerts/{id}/test")
    @Secured(SecurityRoles.MANAGER)
    @ApiResponse(responseCode = "202", description = "the test event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    HttpResponse<Map<String, Object>> testAlert(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(AlertJson.event(test.testAlert(new AlertIdCommand(actor, uuid(id)))));
    }

    /**
     * The notifications across rules (analyst and above), newest first: fired and resolved alerts and test-fires.
     *
     * @param severity critical, high, medium or low
     * @param rule a rule's id
     * @param subject {@code tenant} or a customer's id
     * @param from from this instant (RFC 3339), inclusive
     * @param to until this instant, exclusive
     * @param limit how many, 1 to 200 (default 50)
     * @param cursor {@code next_cursor} of the page before
     * @return a page of events
     */
    @Get("/alert-events")
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    Map<String, Object> alertEvents(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String severity, @QueryValue @Nullable String rule,
                                    @QueryValue @Nullable String subject, @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                                    @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        Optional<UUID> ruleId = Optional.ofNullable(rule).map(text -> {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("rule", "'" + text + "' is not an alert rule's id");
            }
        });
        AlertStorePort.EventFilter filter = new AlertStorePort.EventFilter(Optional.ofNullable(severity).map(text -> Severity.fromWireName(text, "severity")),
                ruleId, Optional.ofNullable(subject).filter(text -> !text.isBlank()), instant(from, "from"), instant(to, "to"));
        return events(list.listAlertEvents(new AlertEventsQuery(actor, filter, before(cursor), limit == null ? AlertEventsQuery.DEFAULT_LIMIT : limit)));
    }

    /**
     * Evaluates every enabled rule of the tenant now (admin and above), as its scheduled evaluation would, and answers what
     * changed: each rule's transitions, or why it could not be evaluated.
     *
     * @return the rules evaluated, their transitions and failures
     */
    @Post("/admin/alerts/check")
    @Secured(SecurityRoles.ADMIN)
    Map<String, Object> checkAlerts(@Parameter(hidden = true) Actor actor) {
        return AlertJson.checks(check.checkAlerts(new CheckAlertsCommand(actor)));
    }

    /**
     * The tenant's channels for quota alerts (analyst and above): where a customer reaching a plan limit's
     * {@code alert_at_pct} is told.
     *
     * @return {@code {"channels": [...]}}
     */
    @Get("/tenant/alert-channels")
    @Secured(SecurityRoles.VIEWER)
    Map<String, Object> alertChannels(@Parameter(hidden = true) Actor actor) {
        return Map.of("channels", channels.alertChannels(new AlertChannelsQuery(actor)).stream().map(Channel::json).toList());
    }

    /**
     * Sets the tenant's channels for quota alerts (admin and above): {@code {"channels": [...]}}, as a rule's channels; an
     * empty list records crossings in {@code GET /api/v1/alert-events} without sending them.
     *
     * @param body the channels
     * @return the channels
     */
    @Put("/tenant/alert-channels")
    @Secured(SecurityRoles.ADMIN)
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    Map<String, Object> setAlertChannels(@Parameter(hidden = true) Actor actor, @Body Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!field.equals("channels")) {
                throw new InvalidValueException(field, "is not a field here; send {\"channels\": [...]}");
            }
        }
        Object given = body.get("channels");
        if (!(given instanceof List<?> list)) {
            throw new InvalidValueException("channels", "is required: a list of channels, [] for none");
        }
        List<Channel> set = list.isEmpty() ? List.of() : Channel.readAll(given);
        return Map.of("channels", channels.setAlertChannels(new AlertChannelsCommand(actor, set)).stream().map(Channel::json).toList());
    }

    private static Map<String, Object> events(Page<AlertEvent> page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(AlertJson::event).toList());
        json.put("next_cursor", page.hasMore() ? Cursors.encodeCreated(page.items().getLast().at(), page.items().getLast().id()) : null);
        return json;
    }

    private static Optional<AlertStorePort.EventCursor> before(String cursor) {
        return Cursors.decodeCreated(cursor).map(created -> new AlertStorePort.EventCursor(created.at(), created.id()));
    }

    private static Optional<Instant> instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Instant at = Rfc3339.parse(text);
        if (at == null) {
            throw new InvalidValueException(field, "must be an RFC 3339 instant such as 2027-01-01T00:00:00Z");
        }
        return Optional.of(at);
    }

    private static UUID cursorId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("cursor", "is not a cursor this list returned; pass next_cursor back unchanged");
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("alert", id);
        }
    }
}
