package io.tally.adapter.in.web.target;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.target.GetTargetsUseCase;
import io.tally.application.port.in.target.SetTargetsCommand;
import io.tally.application.port.in.target.SetTargetsUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** Targets on a metric: per day, week, month or quarter, for the tenant's figure or a customer's. See docs/insights.md. */
@Tag(name = "Metrics")
@Controller("/api/v1/metrics/{key}/targets")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class TargetController {

    private final SetTargetsUseCase setTargets;
    private final GetTargetsUseCase getTargets;

    TargetController(SetTargetsUseCase setTargets, GetTargetsUseCase getTargets) {
        this.setTargets = setTargets;
        this.getTargets = getTargets;
    }

    /**
     * A metric's targets, each with where it stands in its current period: the finished days' value so far, the value
     * projected to the period's end with its 80 % interval, and {@code on_track}, {@code at_risk} or {@code off_track}
     * (viewer and above; a customer-scoped token sees its customers' targets only).
     *
     * @param key a metric's key
     * @return the targets
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    Map<String, Object> targets(@Parameter(hidden = true) Actor actor, @PathVariable String key) {
        MetricKey metric = key(key);
        return json(metric, getTargets.getTargets(actor, metric).stream().map(TargetJson::assessment).toList());
    }

    /**
     * Replaces all of a metric's targets (manager and above): {@code {"targets": [{"period": "month", "comparison":
     * "at_least", "value": 1000}]}}, each optionally for a {@code customer}, and a money metric's in a {@code currency};
     * {@code []} removes them. The metric's value over a period must be a sum of its days', a ratio of two sums, or its
     * last day's value (422 otherwise). Audited as {@code metric.targets_changed}.
     *
     * @param key a metric's key
     * @param body the targets
     * @return the targets as stored
     */
    @Put
    @Secured(SecurityRoles.MANAGER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    @ProblemResponses.Unprocessable
    Map<String, Object> setTargets(@Parameter(hidden = true) Actor actor, @PathVariable String key, @Body @Nullable TargetRequest body) {
        MetricKey metric = key(key);
        if (body == null) {
            throw new InvalidValueException("targets", "is required: a list of targets ([] removes them all)");
        }
        setTargets.setTargets(new SetTargetsCommand(actor, metric, body.toTargets(metric)));
        return json(metric, getTargets.getTargets(actor, metric).stream().map(TargetJson::assessment).toList());
    }

    private static MetricKey key(String key) {
        if (!MetricKey.isValid(key)) {
            throw new InvalidValueException("key", "'" + key + "' is not a metric key");
        }
        return MetricKey.of(key);
    }

    private static Map<String, Object> json(MetricKey metric, Object targets) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", metric.value());
        json.put("targets", targets);
        return json;
    }
}
