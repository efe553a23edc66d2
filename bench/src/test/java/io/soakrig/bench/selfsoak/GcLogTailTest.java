package io.soakrig.bench.selfsoak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTailTest {
    /** Lines as JDK 17's {@code -Xlog:gc+heap=debug:file=...:timemillis} writes them (trimmed). */
    private static final String YOUNG = """
            [1796000096057ms] GC(0) Heap before GC invocations=0 (full 0):
            [1796000096057ms] GC(0)  garbage-first heap   total 65536K, used 7092K [0x00000000fc000000, 0x0000000100000000)
            [1796000096065ms] GC(0) Heap after GC invocations=1 (full 0):
            [1796000096065ms] GC(0)  garbage-first heap   total 65536K, used 3252K [0x00000000fc000000, 0x0000000100000000)
            """;
    private static final String FULL = """
            [1796000096420ms] GC(17) Heap before GC invocations=16 (full 0):
            [1796000096420ms] GC(17)  garbage-first heap   total 65536K, used 27036K [0x00000000fc000000, 0x0000000100000000)
            [1796000096426ms] GC(17) Heap after GC invocations=17 (full 1):
            [1796000096426ms] GC(17)  garbage-first heap   total 48128K, used 13009K [0x00000000fc000000, 0x0000000100000000)
            [1796000096426ms] GC(17)   region size 1024K, 0 young (0K), 0 survivors (0K)
            """;

    @Test
    void aFullCollectionGivesTheLiveSetAndAYoungOneDoesNot(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc-1.log");
        GcLogTail tail = new GcLogTail(log);
        Files.writeString(log, YOUNG);
        tail.poll();

        assertThat(tail.afterGcBytes()).isEqualTo(3252L * 1024);
        assertThat(tail.invocations()).isEqualTo(1);
        assertThat(tail.drainLiveSets()).isEmpty();

        // the full collection arrives in two writes, cut inside its "after" line
        int cut = FULL.indexOf("used 13009K") + 5;
        Files.writeString(log, FULL.substring(0, cut), StandardOpenOption.APPEND);
        tail.poll();
        assertThat(tail.drainLiveSets()).isEmpty();
        Files.writeString(log, FULL.substring(cut), StandardOpenOption.APPEND);
        tail.poll();

        assertThat(tail.drainLiveSets()).containsExactly(new GcLogTail.LiveSet(1796000096426L, 13009L * 1024, 1));
        assertThat(tail.afterGcBytes()).isEqualTo(13009L * 1024);
        assertThat(tail.fullCount()).isEqualTo(1);
        assertThat(tail.drainLiveSets()).as("drained once").isEmpty();
    }
}
