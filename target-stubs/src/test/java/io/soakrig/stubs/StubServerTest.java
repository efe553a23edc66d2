package io.soakrig.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StubServerTest {
    private static final ChannelInitializer<SocketChannel> NOTHING = new ChannelInitializer<>() {
        @Override
        protected void initChannel(SocketChannel ch) {
        }
    };

    @Test
    void aTakenPortIsABindExceptionOnThisPlatformsTransport() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> StubServer.start(taken.getLocalPort(), 1, NOTHING))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void portZeroGetsAFreeLoopbackPort() throws Exception {
        try (StubServer server = StubServer.start(0, 1, NOTHING)) {
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void aStubListensOnLoopbackUnlessItRunsInAContainersOwnNetwork() throws Exception {
        assertThat(StubServer.Bind.LOOPBACK.address(8080).getAddress().isLoopbackAddress()).isTrue();
        assertThat(StubServer.Bind.ANY.address(8080).getAddress().isAnyLocalAddress()).as("only inside a container").isTrue();
    }

    @Test
    void aContainerStubNeedsItsLaunchInTheEnvironmentAndNotAlsoAFile() {
        assertThat(StubMain.run(new String[] {"--in-container"}, Map.of())).as("no launch in the environment").isEqualTo(2);
        assertThat(StubMain.run(new String[] {"--in-container"}, Map.of(StubMain.LAUNCH_ENV, "{\"port\": "))).as("half a launch").isEqualTo(2);
        assertThat(StubMain.run(new String[] {"--in-container", "--launch", "launch.json"}, Map.of())).as("both").isEqualTo(2);
        assertThat(StubMain.run(new String[] {}, Map.of())).as("neither").isEqualTo(2);
    }
}
