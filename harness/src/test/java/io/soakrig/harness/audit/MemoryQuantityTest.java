package io.soakrig.harness.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes quantities as the API server reads them. */
class MemoryQuantityTest {
    @ParameterizedTest
    @CsvSource({
        "3Gi, 3221225472",
        "3000M, 3000000000",
        "3e9, 3000000000",
        "3E9, 3000000000",
        "512Mi, 536870912",
        "1.5Gi, 1610612736",
        "128974848, 128974848",
        "129e6, 129000000",
        "123Ki, 125952",
        "1k, 1000",
        "1E, 1000000000000000000",
        "100m, 1",
        "0.5, 1",
        "'  2G ', 2000000000",
        "3Mi, 3145728",
        "3M, 3000000",
        "3Ki, 3072",
        "3k, 3000",
        "3Gi, 3221225472",
        "3G, 3000000000",
        "1e-2147483648, 1",
        "1e-99999999999999999999, 1",
        "0e99999999999999999999, 0",
        "30e8, 3000000000",
        "3e+9, 3000000000",
        "0.003e12, 3000000000",
    })
    void readsEveryFormOfTheGrammar(String text, long bytes) {
        assertThat(MemoryQuantity.bytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 gigabytes", "Gi", "-1Gi", "3GB", "", "1e", "0x10", "9Ei", "1e2147483647", "1e99999999999999999999", "1e19", "-1e-2147483648"})
    void refusesWhatIsNotAQuantityOrDoesNotFit(String text) {
        assertThatThrownBy(() -> MemoryQuantity.bytes(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text);
    }

    @ParameterizedTest
    @CsvSource({"3221225472, 3.00 GiB", "512, 512 B", "1536, 1.50 KiB"})
    void showsBytesInABinaryUnit(long bytes, String shown) {
        assertThat(MemoryQuantity.show(bytes)).isEqualTo(shown);
    }
}
