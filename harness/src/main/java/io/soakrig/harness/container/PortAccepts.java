package io.soakrig.harness.container;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready once the published port accepts a connection on 127.0.0.1. Testcontainers' own port wait
 * also looks inside the container with a shell, which a minimal image (a JRE and nothing else)
 * does not have; a connection from outside is what the load will make anyway.
 */
final class PortAccepts extends AbstractWaitStrategy {
    private final int containerPort;

    PortAccepts(int containerPort) {
        this.containerPort = containerPort;
    }

    @Override
    protected void waitUntilReady() {
        int port = waitStrategyTarget.getMappedPort(containerPort);
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the container exited");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerLaunchException("interrupted");
                }
            }
        }
        throw new ContainerLaunchException("port " + containerPort + " did not accept connections in time");
    }
}
