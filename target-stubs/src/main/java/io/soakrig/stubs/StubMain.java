package io.soakrig.stubs;

import io.soakrig.stubs.admin.AdminHandler;
import io.soakrig.stubs.backend.BackendHandler;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one target stub in this JVM: its service port, its admin port, and nothing else, so that
 * the memory the process holds is the stub's own.
 *
 * <p>The harness starts this class in a child JVM with {@code --ready-file}: once both ports are
 * bound their numbers are written there (atomically, as Java properties), which is the harness's
 * signal that the stub is up. The admin token comes from the environment variable
 * {@value #TOKEN_ENV} so it never shows in a process listing; without it a token is generated and
 * logged, for manual use.
 */
@Command(name = "soakrig-stub", mixinStandardHelpOptions = true,
        description = "Runs one soakrig target stub on 127.0.0.1.")
public final class StubMain implements Callable<Integer> {
    public static final String TOKEN_ENV = "SOAKRIG_ADMIN_TOKEN";
    private static final Logger LOG = LoggerFactory.getLogger(StubMain.class);

    @Parameters(index = "0", paramLabel = "ROLE", description = "Stub to run: backend.")
    String role;

    @Option(names = "--port", description = "Service port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    @Option(names = "--admin-port", description = "Admin (metrics) port on 127.0.0.1; 0 picks a free one (default).")
    int adminPort;

    @Option(names = "--threads", defaultValue = "2", description = "Service event-loop threads (default 2).")
    int threads;

    @Option(names = "--ready-file", description = "Where to write the bound ports once the stub is up.")
    Path readyFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StubMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"backend".equals(role)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown stub role '" + role + "'; known: backend");
        }
        String token = System.getenv(TOKEN_ENV);
        if (token == null || token.isEmpty()) {
            token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            LOG.warn("{} not set; admin token for this stub is {}", TOKEN_ENV, token);
        }
        StubMetrics metrics = new StubMetrics();
        try (StubServer service = StubServer.start(port, threads, new HttpPipeline(new BackendHandler(metrics)));
             StubServer admin = StubServer.start(adminPort, 1, new HttpPipeline(new AdminHandler(metrics, token)))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                admin.close();
            }, "stub-shutdown"));
            LOG.info("{} stub serving on 127.0.0.1:{}, admin on 127.0.0.1:{}", role, service.port(), admin.port());
            if (readyFile != null) {
                announce(readyFile, service.port(), admin.port());
            }
            service.awaitClose();
        }
        return 0;
    }

    private static void announce(Path readyFile, int port, int adminPort) throws IOException {
        Properties ready = new Properties();
        ready.setProperty("port", Integer.toString(port));
        ready.setProperty("adminPort", Integer.toString(adminPort));
        ready.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial)) {
            ready.store(out, "soakrig stub ready");
        }
        Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE);
    }
}
