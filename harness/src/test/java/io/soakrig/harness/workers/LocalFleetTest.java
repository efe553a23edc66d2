package io.soakrig.harness.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.NativeHeapTrim;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalFleetTest {
    @Test
    void theLauncherWordsNameEachWorkersShare() throws Exception {
        LocalFleet workers = new LocalFleet(3, InetAddress.getByName("127.0.0.1"), List.of("ip", "netns", "exec", "ns{index}"));

        assertThat(workers.launcher(2)).containsExactly("ip", "netns", "exec", "ns2");
        assertThat(workers.launcher(0)).containsExactly("ip", "netns", "exec", "ns0");
    }

    @Test
    void theDefaultIsLoopbackWithNoLauncher() {
        LocalFleet workers = LocalFleet.onLoopback(1);

        assertThat(workers.coordinatorBind().isLoopbackAddress()).isTrue();
        assertThat(workers.launcher(0)).isEmpty();
        assertThat(workers.spread()).isFalse();
        assertThat(LocalFleet.onLoopback(2).spread()).isTrue();
    }

    @Test
    void theWildcardIsRefused() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");

        assertThatThrownBy(() -> new LocalFleet(2, any, List.of())).hasMessageContaining("not the wildcard 0.0.0.0");
    }

    @Test
    void aWorkerJvmLivesAsLongAsTheSoakSoItsCHeapIsTrimmedWhereTheJdkCan() {
        List<String> expected = new ArrayList<>(List.of("-Xmx128m"));
        expected.addAll(NativeHeapTrim.options(Runtime.version()));

        assertThat(LocalFleet.WORKER_JVM).containsExactlyElementsOf(expected);
    }
}
