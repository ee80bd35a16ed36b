package io.tally.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** What every HTTP integration test starts from: the running server, a client for it, and a tenant of its own. */
abstract class ApiTestSupport {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Api api;
    String tenant;

    @BeforeEach
    void connect() {
        api = new Api(server.getURI(), json);
        tenant = Tokens.freshTenant();
    }
}
