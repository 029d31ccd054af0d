package io.cqt.refiner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "refiner",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Re-executes CQT block specimens into verified block results.",
        subcommands = {
                DecodeCommand.class,
                RefineCommand.class,
                CidCommand.class,
                PinnerCommand.class,
                JournalCommand.class,
                StatetestCommand.class,
                BlocktestCommand.class,
                BenchCommand.class,
                ServeEvmCommand.class,
                RunCommand.class,
                HelpCommand.class,
        })
final class RefinerCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
