package io.soakrig.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import org.junit.jupiter.api.Test;

class StubProcessTest {
    @Test
    void aPerimetersNativeStateIsCappedByItsLimitAndOverloadManagerNotByTheJvm() {
        StubSpec perimeter = StubSpec.of(StubRole.PERIMETER).with(null, 64, 256, 512L << 20);

        assertThat(StubProcess.jvmOptions(perimeter)).contains("-Xmx64m")
                .contains("-XX:MaxDirectMemorySize=" + (2 * (512L << 20) + (64L << 20)));
        assertThat(StubProcess.environment(perimeter, StubSecrets.of("t")))
                .containsEntry("MALLOC_MMAP_THRESHOLD_", Integer.toString(StubProcess.MMAP_THRESHOLD))
                .containsEntry("SOAKRIG_ADMIN_TOKEN", "t");
    }

    @Test
    void otherStubsGetNoRoleSpecificOptionsOrEnvironment() {
        StubSpec backend = StubSpec.of(StubRole.BACKEND);

        assertThat(StubProcess.jvmOptions(backend)).noneMatch(o -> o.startsWith("-XX:MaxDirectMemorySize"));
        assertThat(StubProcess.environment(backend, StubSecrets.of("t"))).containsOnlyKeys("SOAKRIG_ADMIN_TOKEN");
    }
}
