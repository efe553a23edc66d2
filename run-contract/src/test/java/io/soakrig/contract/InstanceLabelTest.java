package io.soakrig.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceLabelTest {
    @Test
    void aSingleInstanceIsLabelledByItsTargetAndOneOfSeveralByItsIndexToo() {
        assertThat(InstanceLabel.of("backend", 0, 1)).hasToString("backend");
        assertThat(InstanceLabel.of("backend", 2, 3)).hasToString("backend#2");
        assertThat(InstanceLabel.numbered("backend", 0)).hasToString("backend#0");
    }

    @Test
    void labelsParseBackToTheirTargetAndIndex() {
        assertThat(InstanceLabel.parse("backend#2")).isEqualTo(InstanceLabel.of("backend", 2, 3));
        assertThat(InstanceLabel.parse("backend")).isEqualTo(InstanceLabel.of("backend", 0, 1));
        assertThat(InstanceLabel.targetOf("perimeter-eu#1")).isEqualTo("perimeter-eu");
        assertThat(InstanceLabel.targetOf("perimeter-eu")).isEqualTo("perimeter-eu");
    }

    @Test
    void malformedLabelsAreRefusedWithTheLabel() {
        assertThatThrownBy(() -> InstanceLabel.parse("backend#x")).hasMessageContaining("backend#x");
        assertThatThrownBy(() -> InstanceLabel.of("a#b", 0, 1)).hasMessageContaining("a#b");
        assertThatThrownBy(() -> new InstanceLabel("backend", 1, false)).hasMessageContaining("numbered");
    }
}
