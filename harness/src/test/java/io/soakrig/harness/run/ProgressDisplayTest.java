package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private final StringWriter out = new StringWriter();

    @Test
    void onATerminalTheStatusIsRedrawnInPlaceAndMessagesGetTheirOwnLine() {
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), true);

        display.status("5s");
        display.status("10s");
        display.message("cell b");
        display.status("15s");
        display.end();

        assertThat(out.toString()).isEqualTo("\r\033[K5s\r\033[K10s" + System.lineSeparator() + "cell b" + System.lineSeparator()
                + "\r\033[K15s" + System.lineSeparator());
    }

    @Test
    void elsewhereEveryStatusIsAPlainLine() {
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), false);

        display.status("5s");
        display.status("10s");
        display.end();

        assertThat(out.toString()).isEqualTo("5s" + System.lineSeparator() + "10s" + System.lineSeparator()).doesNotContain("\r");
    }
}
