package io.roster.command.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused development key into Spring Boot's start-failure report: what is wrong, which variable to set. */
class DevelopmentKeyFailureAnalyzer extends AbstractFailureAnalyzer<DevelopmentKeyRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentKeyRefusedException cause) {
        return new FailureAnalysis(DevelopmentKeyRefusedException.DESCRIPTION, DevelopmentKeyRefusedException.ACTION, cause);
    }
}
