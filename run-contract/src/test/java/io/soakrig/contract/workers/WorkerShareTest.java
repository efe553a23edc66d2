package io.soakrig.contract.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerShareTest {
    @Test
    void encodesAndDecodes() {
        WorkerShare share = new WorkerShare(2, 3);
        assertThat(WorkerShare.decode(share.encode())).isEqualTo(share);
        assertThat(share).hasToString("worker 2/3");
    }

    @Test
    void theSharesSeedsAreDistinctAndTheFirstOfOneIsTheSingleGenerators() {
        long seed = 0x50a4_2022L;
        assertThat(new WorkerShare(0, 1).seed(seed)).isEqualTo(seed);
        assertThat(IntStream.range(0, 64).mapToLong(i -> new WorkerShare(i, 64).seed(seed)).distinct().count()).isEqualTo(64);
    }

    @Test
    void refusesAnIndexOutsideTheCountAndACountOutsideTheLimit() {
        assertThatThrownBy(() -> new WorkerShare(3, 3)).hasMessage("worker index must be 0..2, was 3");
        assertThatThrownBy(() -> new WorkerShare(0, 65)).hasMessage("a run has 1..64 workers, was 65");
        assertThatThrownBy(() -> WorkerShare.decode("1-3")).hasMessage("a worker share is index/count, was '1-3'");
    }
}
