package io.tally.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy as a deployment puts in front of Tally under a path prefix: {@code http://127.0.0.1:{port}/tally/x}
 * is forwarded to {@code {target}/x} (method, query, headers and body), and the answer comes back as it is.
 */
final class PrefixProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "expect", "upgrade", "keep-alive",
            "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    PrefixProxy(String prefix, URI target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(prefix + "/", exchange -> forward(exchange, prefix, target));
        server.start();
    }

    URI uri(String pathAndFragment) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndFragment);
    }

    private void forward(HttpExchange exchange, String prefix, URI target) throws IOException {
        try (exchange) {
            URI asked = exchange.getRequestURI();
            String path = asked.getRawPath().substring(prefix.length());
            URI to = URI.create(target.toString().replaceAll("/$", "") + path + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(to).method(exchange.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
