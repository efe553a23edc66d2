package io.soakrig.harness.container;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the one banner Testcontainers prints on every run with Ryuk turned off ("Ryuk has been
 * disabled…", a warning framed in asterisks): soakrig turns Ryuk off on purpose, because Ryuk is an
 * image pulled from a registry, and reaps its containers itself ({@link ContainerReaper}). Said on
 * every container run, the warning would teach users to skip the standard error where soakrig's
 * real warnings go; so only that message is dropped, and every other event of the same logger —
 * and every error — still goes through.
 */
public final class RyukBannerFilter extends Filter<ILoggingEvent> {
    /** The logger Testcontainers prints the banner on. */
    static final String LOGGER = "org.testcontainers.utility.ResourceReaper";
    private static final String BANNER = "Ryuk has been disabled";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        boolean banner = LOGGER.equals(event.getLoggerName()) && event.getLevel().toInt() < Level.ERROR_INT
                && event.getFormattedMessage() != null && event.getFormattedMessage().contains(BANNER);
        return banner ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
