package io.tally.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;

/**
 * A Tally node in a JVM of its own, for tests that kill a node: the test configuration and whatever {@code -D}
 * properties it is given (the test database, {@code tally.jobs.enabled}, {@code tally.node-name}). It prints
 * {@code READY <url>} once it serves, and runs until it is killed.
 */
public final class TestNode {

    private TestNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1), "test");
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        System.out.println("READY " + server.getURI());
        System.out.flush();
        Thread.currentThread().join();
    }
}
