package io.tally.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Puts {@link TestClock} in place of the system clock of {@link UseCaseFactory#clock()} in every application context
 * of the tests: the {@code @MicronautTest} servers and the contexts some tests start themselves. {@code @Replaces}
 * names the factory because the bean to replace is produced by a factory method, not declared by a class.
 */
@Factory
class TestClockFactory {

    @Singleton
    @Replaces(bean = Clock.class, factory = UseCaseFactory.class)
    Clock testClock() {
        return TestClock.utc();
    }
}
