package io.roster.bench;

import java.util.Set;

/**
 * A benchmark's command line, one option at a time: after an optional leading mode word, each option is
 * {@code --name value}, {@code --name=value}, or, for the names in {@code flags}, a bare {@code --name}.
 */
final class Arguments {

    private final String[] args;
    private final Set<String> flags;
    private int next;
    private String name;
    private String value;

    Arguments(String[] args, String mode, Set<String> flags) {
        this.args = args;
        this.flags = flags;
        this.next = args.length > 0 && args[0].equals(mode) ? 1 : 0;
    }

    /** Moves to the next option; false when there is none. */
    boolean next() {
        if (next >= args.length) {
            return false;
        }
        String arg = args[next++];
        if (!arg.startsWith("--")) {
            throw new UsageException("unexpected argument: " + arg);
        }
        int eq = arg.indexOf('=');
        name = eq >= 0 ? arg.substring(0, eq) : arg;
        if (flags.contains(name)) {
            value = null;
        } else if (eq >= 0) {
            value = arg.substring(eq + 1);
        } else if (next < args.length && !args[next].startsWith("--")) {
            value = args[next++];
        } else {
            throw new UsageException(name + " needs a value");
        }
        return true;
    }

    /** The current option's name, {@code --} included. */
    String name() {
        return name;
    }

    /** The current option's value; null for a flag. */
    String value() {
        return value;
    }
}
