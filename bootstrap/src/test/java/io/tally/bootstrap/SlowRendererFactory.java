package io.tally.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.tally.adapter.out.export.ReportRenderers;
import io.tally.application.port.out.ReportRendererPort;
import jakarta.inject.Singleton;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A renderer that waits before it renders, on nodes started with {@code tally.test.slow-render} (a duration): a run on
 * such a node is caught in the middle, so that a test can kill the node there.
 */
@Factory
@Requires(property = "tally.test.slow-render")
class SlowRendererFactory {

    @Singleton
    @Replaces(bean = ReportRendererPort.class, factory = UseCaseFactory.class)
    ReportRendererPort slowRenderer(@Value("${tally.test.slow-render}") Duration delay) {
        ReportRenderers renderers = new ReportRenderers();
        return (report, format, options, out) -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while slowly rendering");
            }
            return renderers.render(report, format, options, out);
        };
    }
}
