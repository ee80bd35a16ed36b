package io.tally.bootstrap;

import io.micronaut.runtime.Micronaut;
import io.tally.adapter.out.persistence.DatabaseBootstrap;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar's entry point.
 * <pre>
 *   java -jar tally.jar                 runs the service
 *   java -jar tally.jar token …         prints a signed dev token
 *   java -jar tally.jar demo …          loads the demo tenant into a running service
 * </pre>
 * This class is the only one that writes to the console directly; commands get the streams from it.
 */
public final class Tally {

    private Tally() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "serve" : arguments.getFirst();
        List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        switch (command) {
            case "token" -> System.exit(TokenCommand.run(rest, System.getenv(), Clock.systemUTC(), System.out, System.err));
            case "demo" -> System.exit(DemoCommand.run(rest, System.getenv(), Clock.systemUTC(), System.out, System.err));
            case "serve" -> serve(rest.toArray(String[]::new));
            case "help", "--help", "-h" -> System.out.println(usage());
            default -> {
                if (command.startsWith("-")) {
                    serve(args);
                } else {
                    System.err.println("tally: unknown command '" + command + "'\n" + usage());
                    System.exit(2);
                }
            }
        }
    }

    private static void serve(String[] micronautArgs) {
        TallyEnvironment environment;
        try {
            environment = TallyEnvironment.from(System.getenv());
            if (DatabaseBootstrap.ensureDatabase(environment.dbUrl(), environment.dbUser(), environment.dbPassword())
                    == DatabaseBootstrap.Outcome.CREATED) {
                LoggerFactory.getLogger(Tally.class).info("created database {}", environment.dbUrl());
            }
        } catch (TallyEnvironment.InvalidConfigurationException | DatabaseBootstrap.DatabaseUnavailableException e) {
            System.err.println("tally: " + e.getMessage());
            System.exit(1);
            return;
        }
        Micronaut.build(micronautArgs)
                .mainClass(Tally.class)
                .properties(environment.micronautProperties())
                .banner(false)
                .start();
    }

    private static String usage() {
        return """
                usage: java -jar tally.jar [serve]     run the service (configuration: see README)
                       java -jar tally.jar token …     print a signed dev token (token --help)
                       java -jar tally.jar demo …      load the demo tenant into a running service""";
    }
}
