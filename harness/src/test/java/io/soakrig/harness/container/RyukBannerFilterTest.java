package io.soakrig.harness.container;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** Only Testcontainers' Ryuk banner is dropped from standard error; its other warnings and every error stay. */
class RyukBannerFilterTest {
    private static final String BANNER = "\n" + "*".repeat(80) + "\nRyuk has been disabled. This can cause unexpected behavior in your environment.\n"
            + "*".repeat(80);
    private final LoggerContext context = new LoggerContext();
    private final RyukBannerFilter filter = new RyukBannerFilter();

    private FilterReply decide(String logger, Level level, String message) {
        Logger l = context.getLogger(logger);
        return filter.decide(new LoggingEvent(Logger.class.getName(), l, level, message, null, null));
    }

    @Test
    void theBannerIsDropped() {
        assertThat(decide(RyukBannerFilter.LOGGER, Level.WARN, BANNER)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void otherWarningsOfTheReaperAnErrorAndTheSameWordsElsewhereGoThrough() {
        assertThat(decide(RyukBannerFilter.LOGGER, Level.WARN, "could not remove container 01bd")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(RyukBannerFilter.LOGGER, Level.ERROR, BANNER)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(ContainerTarget.class.getName(), Level.WARN, BANNER)).isEqualTo(FilterReply.NEUTRAL);
    }
}
