package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help}, {@code -h} and its parent's {@code help NAME} with exit 0. */
class HelpEverywhereTest {

    /** The path of names from the root to every command below it, the root itself first. */
    private static List<List<String>> tree(CommandLine line, List<String> path, List<List<String>> into) {
        into.add(path);
        line.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name) && !name.equals("help")) { // aliases once
                List<String> below = new ArrayList<>(path);
                below.add(name);
                tree(sub, below, into);
            }
        });
        return into;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelp() {
        List<List<String>> commands = tree(Main.newCommandLine(), List.of(), new ArrayList<>());
        assertTrue(commands.size() >= 14, "the whole tree: " + commands);
        return commands.stream().flatMap(path -> {
            String shown = String.join(" ", path);
            List<DynamicTest> tests = new ArrayList<>();
            for (String flag : List.of("--help", "-h")) {
                tests.add(DynamicTest.dynamicTest("refiner " + shown + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    assertUsage(path, CliRun.of(args.toArray(String[]::new)));
                }));
            }
            if (!path.isEmpty()) {
                tests.add(DynamicTest.dynamicTest("refiner " + String.join(" ", path.subList(0, path.size() - 1))
                        + " help " + path.get(path.size() - 1), () -> {
                    List<String> args = new ArrayList<>(path.subList(0, path.size() - 1));
                    args.add("help");
                    args.add(path.get(path.size() - 1));
                    assertUsage(path, CliRun.of(args.toArray(String[]::new)));
                }));
            }
            return tests.stream();
        });
    }

    private static void assertUsage(List<String> path, CliRun run) {
        assertEquals(0, run.status(), run.err());
        String usage = "Usage: refiner" + (path.isEmpty() ? "" : " " + String.join(" ", path));
        assertTrue(run.out().startsWith(usage), run.out());
        assertTrue(run.err().isEmpty(), run.err());
    }
}
