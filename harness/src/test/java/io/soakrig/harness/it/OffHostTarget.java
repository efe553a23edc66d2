package io.soakrig.harness.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A service that tries to send its clients elsewhere, run as its own process so that it can live
 * inside {@link OffHostIT}'s network namespace: {@code /moved} answers {@code 302} to
 * {@code http://10.0.0.1:<port>/landed}, {@code /metrics} is a Prometheus gauge, anything else
 * is {@code 200 ok}. It prints its port on standard output and exits when standard input closes.
 */
public final class OffHostTarget {
    /** Where {@code /moved} points: an address no run without {@code --allow-host} may reach. */
    static final String ELSEWHERE = "10.0.0.1";

    private OffHostTarget() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        int port = server.getAddress().getPort();
        server.createContext("/", exchange -> answer(exchange, 200, "ok"));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://" + ELSEWHERE + ":" + port + "/landed");
            answer(exchange, 302, "moved");
        });
        server.createContext("/metrics", exchange -> answer(exchange, 200, "app_memory_bytes 100000000\n"));
        server.start();
        System.out.println(port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our standard input (or dies)
        }
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
