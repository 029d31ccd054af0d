package io.cqt.refiner.cli;

import picocli.CommandLine;

/** Dispatches to the subcommands; every failure is one line on stderr unless {@code --verbose}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ParentWatch.startIfLaunched(System.getProperty(ParentWatch.PROPERTY));
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        RefinerCommand root = new RefinerCommand();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            line.getErr().println("refiner: " + OneLineErrors.describe(e));
            if (root.verbose) {
                e.printStackTrace(line.getErr());
            }
            return line.getCommandSpec().exitCodeOnExecutionException();
        });
        // One line, as for every other failure, with where to look instead of the whole usage text.
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("refiner: " + OneLineErrors.describe(e) + " (see '"
                    + line.getCommandSpec().qualifiedName() + " --help')");
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }
}
