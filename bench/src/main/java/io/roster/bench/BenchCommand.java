package io.roster.bench;

import java.nio.file.Path;

/** The command-line frame every benchmark mode shares: its usage, its options, its report and its exit status. */
final class BenchCommand {

    /** Reads a mode's options from its arguments. */
    interface Parser<O> {
        O parse(String[] args) throws UsageException;
    }

    private BenchCommand() {
    }

    /**
     * The options, or null when the arguments asked for the usage (printed) or were wrong (the error and the usage
     * printed, and the JVM ends with status 2).
     */
    static <O> O options(String[] args, String usage, Parser<O> parser) {
        if (BenchOptions.wantsHelp(args)) {
            System.out.print(usage);
            return null;
        }
        try {
            return parser.parse(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return null;
        }
    }

    /** Prints the report, writes it as JSON when asked, and ends the JVM: 0 when the run passed, 1 otherwise. */
    static void finish(Object report, String text, boolean passed, Path jsonFile) {
        System.out.println();
        System.out.print(text);
        if (jsonFile != null) {
            ReportFormatter.writeJson(report, jsonFile);
            System.out.println("report written to " + jsonFile);
        }
        System.exit(passed ? 0 : 1);
    }

    /** A run that could not be set up: its error printed, the JVM ends with status 1. */
    static void failed(RuntimeException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(1);
    }
}
