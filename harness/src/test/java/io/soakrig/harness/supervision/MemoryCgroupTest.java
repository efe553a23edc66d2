package io.soakrig.harness.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryCgroupTest {
    @Test
    void aProcessThatIsGoneHasNoCgroup() {
        assertThat(MemoryCgroup.ofProcess(Long.toString(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void thisJvmIsChargedToAnExistingCgroupWhoseCountersReadOrSayTheyCannot() {
        Optional<MemoryCgroup> own = MemoryCgroup.ofProcess("self");
        assumeTrue(own.isPresent(), "no memory controller on this machine");
        MemoryCgroup cgroup = own.get();
        assertThat(Files.isDirectory(cgroup.dir())).as(cgroup.toString()).isTrue();
        assertThat(cgroup.mechanism()).isIn("cgroup-v1", "cgroup-v2");
        assertThat(cgroup.child("x").dir()).isEqualTo(cgroup.dir().resolve("x"));
        if (cgroup.countsOomKills()) {
            assertThat(cgroup.oomKills()).isNotNegative();
        } else {
            assertThat(cgroup.oomKills()).isEqualTo(-1);
        }
    }
}
