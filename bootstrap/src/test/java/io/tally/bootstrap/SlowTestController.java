package io.tally.bootstrap;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** A request that takes a while, to prove that shutting down lets requests in flight finish. Test-only. */
@Controller("/test/slow")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "tally.test.slow-endpoint", value = "true")
class SlowTestController {

    @Get(produces = "text/plain")
    @ExecuteOn(TaskExecutors.BLOCKING)
    String slow(@QueryValue(defaultValue = "2000") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "finished after " + millis + " ms";
    }
}
