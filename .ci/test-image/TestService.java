import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The service inside soakrig's test image: a JVM answering HTTP inside a container, whose memory
 * grows on request, so the container tests meet a real engine's memory limit without a registry.
 *
 * <p>Environment: {@code PORT} (8080) to listen on all of the container's interfaces;
 * {@code GROW_MB_PER_SECOND} heap kept (pages touched) every second from the start;
 * {@code EXIT_AT_START} an exit code to end with at once; {@code NEVER_LISTEN} to run without
 * opening the port. {@code /health} answers once listening; {@code /metrics} gives
 * {@code test_service_heap_used_bytes} in Prometheus text; every other path answers "ok".
 */
public final class TestService {
    private static final List<byte[]> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String exit = System.getenv("EXIT_AT_START");
        if (exit != null) {
            System.out.println("test-service exiting at start with " + exit);
            System.exit(Integer.parseInt(exit));
        }
        if (System.getenv("NEVER_LISTEN") != null) {
            System.out.println("test-service running without listening");
            Thread.sleep(Long.MAX_VALUE);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.createContext("/metrics", ex -> answer(ex, "# TYPE test_service_heap_used_bytes gauge\ntest_service_heap_used_bytes "
                + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) + "\n"));
        server.createContext("/", ex -> answer(ex, "ok\n"));
        server.start();
        System.out.println("test-service listening on " + port);
        int grow = Integer.parseInt(System.getenv().getOrDefault("GROW_MB_PER_SECOND", "0"));
        while (grow > 0) {
            for (int i = 0; i < grow; i++) {
                byte[] mb = new byte[1 << 20];
                for (int p = 0; p < mb.length; p += 4096) {
                    mb[p] = 1;
                }
                synchronized (KEPT) {
                    KEPT.add(mb);
                }
            }
            Thread.sleep(1000);
        }
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
