package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Faults written as a flag or header obey the profile's rules: every key's range, with the key named. */
class FaultSpecTest {
    @Test
    void everyKeyIsRead() {
        assertThat(FaultSpec.parse("latency=5ms, latencyP99=50ms,errorRate=0.5,errorStatus=504,stallEvery=10s,stallFor=1s,resetRate=0.1,leakBytes=100,hangRate=0.05"))
                .isEqualTo(new FaultSpec(Duration.ofMillis(5), Duration.ofMillis(50), 0.5, 504,
                        Duration.ofSeconds(10), Duration.ofSeconds(1), 0.1, 100, 0.05));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "errorRate=2|errorRate: must be a share between 0 and 1, was 2.0",
        "errorRate=-0.1|errorRate: must be a share between 0 and 1, was -0.1",
        "errorRate=NaN|errorRate: must be a share between 0 and 1, was NaN",
        "resetRate=1.5|resetRate: must be a share between 0 and 1, was 1.5",
        "hangRate=2|hangRate: must be a share between 0 and 1, was 2.0",
        "errorStatus=200|errorStatus: must be between 500 and 599, was 200",
        "errorStatus=1.5|errorStatus: must be a whole number, was '1.5'",
        "leakBytes=2000000000|leakBytes: must be between 0 and 10485760, was 2000000000",
        "leakBytes=-1|leakBytes: must be between 0 and 10485760, was -1",
        "latency=-5ms|latency: must not be negative",
        "latency=5|latency: expected a duration such as 250ms, 30s, 5m or 2h, was '5'",
        "latencyP99=50ms|latencyP99: needs latency (the median) and must be longer than it",
        "stallEvery=10s|stallFor: stallEvery and stallFor go together",
        "stallEvery=0s, stallFor=0s|stallEvery: must be longer than zero",
        "stallEvery=1s, stallFor=2s|stallFor: must be shorter than stallEvery",
        "errorRate=x|errorRate: must be a number, was 'x'",
        "errorRat=1|expected key=value with keys [latency, latencyP99, errorRate, errorStatus, stallEvery, stallFor, resetRate, leakBytes, hangRate], got 'errorRat=1'",
    })
    void aValueOutsideItsRangeIsRefusedNamingItsKey(String spec, String message) {
        assertThatThrownBy(() -> FaultSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theHeaderSaysItIsTheHeader() {
        assertThatThrownBy(() -> FaultSpec.fromHeader("errorRate=2"))
                .hasMessage("fault header: errorRate: must be a share between 0 and 1, was 2.0");
    }
}
