package io.soakrig.contract.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.latency.LatencyTag.Kind;
import org.junit.jupiter.api.Test;

class LatencyTagTest {
    @Test
    void tagsAreWrittenAsEndpointWithTheKindsSuffixAndTheArmsPrefix() {
        assertThat(LatencyTag.of("catalog", Kind.OK)).hasToString("catalog");
        assertThat(LatencyTag.of("catalog", Kind.FAILED)).hasToString("catalog.ko");
        assertThat(LatencyTag.of("catalog", Kind.ATTEMPT)).hasToString("catalog.try");
        assertThat(LatencyTag.of("catalog", Kind.FAILED).inArm("canary")).hasToString("canary/catalog.ko");
    }

    @Test
    void writtenTagsParseBack() {
        for (String tag : new String[] {"catalog", "catalog.ko", "catalog.try", "baseline/catalog", "canary/get-user.ko",
                "canary/v1.2_x.try"}) {
            assertThat(LatencyTag.parse(tag)).hasToString(tag);
        }
        LatencyTag tag = LatencyTag.parse("canary/catalog.try");
        assertThat(tag.arm()).isEqualTo("canary");
        assertThat(tag.endpoint()).isEqualTo("catalog");
        assertThat(tag.kind()).isEqualTo(Kind.ATTEMPT);
        assertThat(tag.logical()).isFalse();
        assertThat(tag.request()).isEqualTo("canary/catalog");
        assertThat(LatencyTag.requestOf("canary/catalog.ko")).isEqualTo("canary/catalog");
        assertThat(LatencyTag.kindOf("catalog.ko")).isEqualTo(Kind.FAILED);
    }

    @Test
    void tagsOutsideTheSchemeAreRefused() {
        assertThatThrownBy(() -> LatencyTag.parse("cat alog")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cat alog'");
        assertThatThrownBy(() -> LatencyTag.parse("a/b/c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyTag.parse("/catalog")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyTag.of("catalog.ko", Kind.OK)).hasMessageContaining("'.ko'");
        assertThat(LatencyTag.tryParse(null)).isEmpty();
        assertThat(LatencyTag.tryParse("a,b")).isEmpty();
    }
}
