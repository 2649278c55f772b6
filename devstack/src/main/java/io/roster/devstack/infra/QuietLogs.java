package io.roster.devstack.infra;

import org.slf4j.LoggerFactory;

/**
 * Turns the chatty INFO logging of embedded servers down to WARN when no configuration has chosen a
 * level for them, so that tests using these servers do not drown in broker start-up logs.
 */
final class QuietLogs {

    private QuietLogs() {
    }

    static void warnOnly(String... loggerNames) {
        for (String name : loggerNames) {
            setIfUnset(name, "WARN");
        }
    }

    static void errorOnly(String... loggerNames) {
        for (String name : loggerNames) {
            setIfUnset(name, "ERROR");
        }
    }

    private static void setIfUnset(String name, String level) {
        try {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
                logger.setLevel(ch.qos.logback.classic.Level.toLevel(level));
            }
        } catch (LinkageError logbackExcludedByTheCaller) {
            // another SLF4J binding is in charge; its own configuration decides
        }
    }
}
