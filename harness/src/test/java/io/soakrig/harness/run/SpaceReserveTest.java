package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.harness.TinyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The room a run keeps for its results, on a real tmpfs that really fills up. */
class SpaceReserveTest {
    @TempDir
    Path tmp;

    @Test
    void theReserveHoldsRealBlocksUntilTheDiskIsFullAndFreesThemForTheResults() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 4L << 20)) {
            SpaceReserve reserve = SpaceReserve.claim(disk.root());
            assertThat(Files.size(disk.root().resolve(SpaceReserve.FILE))).isEqualTo(SpaceReserve.RESERVE_BYTES);
            assertThat(reserve.exhausted()).isFalse();

            disk.fill();

            assertThat(reserve.exhausted()).isTrue();
            assertThatThrownBy(() -> Files.write(disk.root().resolve("summary.json"), new byte[64 << 10]))
                    .isInstanceOf(IOException.class).matches(SpaceReserve::isDiskFull);
            reserve.release();
            Files.write(disk.root().resolve("summary.json"), new byte[(int) SpaceReserve.RESERVE_BYTES - (64 << 10)]);
            assertThat(disk.root().resolve(SpaceReserve.FILE)).doesNotExist();
        }
    }

    @Test
    void aDiskThatCannotHoldTheReserveIsFullAndKeepsNoPartOfIt() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 1L << 20)) {
            assertThatThrownBy(() -> SpaceReserve.claim(disk.root())).isInstanceOf(IOException.class).matches(SpaceReserve::isDiskFull);

            assertThat(disk.root()).isEmptyDirectory();
        }
    }

    @Test
    void onlyTheOperatingSystemsNoSpaceErrorsCountAsAFullDisk() {
        assertThat(SpaceReserve.isDiskFull(new IOException("wrapped", new IOException("No space left on device")))).isTrue();
        assertThat(SpaceReserve.isDiskFull(new IOException("Disk quota exceeded"))).isTrue();
        assertThat(SpaceReserve.isDiskFull(new IOException("Permission denied"))).isFalse();
    }
}
