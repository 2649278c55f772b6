package io.roster.command;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** device-command: products, device lists and activation codes, event-sourced with Axon. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication application = new SpringApplication(CommandApplication.class);
        // -Droster.startup-steps=N logs the N longest of Spring's start-up steps once started (docs/benchmarks.md, "Cold start")
        int steps = Integer.getInteger("roster.startup-steps", 0);
        BufferingApplicationStartup startup = steps > 0 ? new BufferingApplicationStartup(100_000) : null;
        if (startup != null) {
            application.setApplicationStartup(startup);
        }
        application.run(args);
        if (startup != null) {
            logSteps(startup.getBufferedTimeline(), steps);
        }
    }

    private static void logSteps(StartupTimeline timeline, int limit) {
        String longest = timeline.getEvents().stream()
                .sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
                .limit(limit)
                .map(e -> String.format("%6d ms at +%6d ms %s %s", e.getDuration().toMillis(),
                        Duration.between(timeline.getStartTime(), e.getStartTime()).toMillis(),
                        e.getStartupStep().getName(),
                        StreamSupport.stream(e.getStartupStep().getTags().spliterator(), false)
                                .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(" "))))
                .collect(Collectors.joining("\n"));
        LoggerFactory.getLogger(CommandApplication.class).info("longest start-up steps:\n{}", longest);
    }
}
