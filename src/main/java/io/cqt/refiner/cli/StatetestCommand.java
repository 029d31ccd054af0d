package io.cqt.refiner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.statetest.StateTestCase;
import io.cqt.refiner.evm.statetest.StateTestRunner;
import io.cqt.refiner.evm.statetest.StateTestTally;
import io.cqt.refiner.evm.statetest.StateTests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "statetest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs Ethereum state tests (EEST / ethereum-tests JSON files, or folders of them); a case "
                + "passes when its post-state root and logs hash match.",
                "Exit status 1 when any case fails."})
final class StatetestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "State-test files or folders.")
    List<Path> paths;

    @Option(names = "--fork", paramLabel = "F", description = "Comma-separated forks to run (default: every "
            + "fork, ${DEFAULT-VALUE}).")
    String forks = StateTests.DEFAULT_FORKS;

    @Option(names = "--json", description = "One JSON line per failing case, then a summary line.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        StateTestRunner runner = new StateTestRunner(MainnetPrecompiles::forFork);
        StateTestTally tally = new StateTestTally();
        Set<Fork> selected = StateTests.forks(forks);
        for (StateTestCase c : StateTests.cases(paths, selected)) {
            StateTestRunner.Verdict v = runner.runGuarded(c);
            tally.add(c, v);
            if (!v.pass()) {
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("case", c.id());
                    o.put("detail", v.detail());
                    stdout.println(o);
                } else {
                    stdout.println("FAIL " + c.id() + ": " + v.detail());
                }
            }
        }
        // Every selected fork is listed, a fork without cases as 0/0.
        Map<String, StateTestTally.Counts> byFork = new LinkedHashMap<>();
        for (Fork f : selected) {
            byFork.put(f.displayName(), tally.byFork().getOrDefault(f.displayName(), new StateTestTally.Counts(0, 0)));
        }
        // Files that could not be read are counted apart, as blocktest counts them.
        StateTestTally.Counts unreadable = tally.byFork().get(StateTestCase.UNREADABLE);
        if (unreadable != null) {
            byFork.put(StateTestCase.UNREADABLE, unreadable);
        }
        if (json) {
            StateTestTally.Counts total = tally.total();
            ObjectNode summary = mapper.createObjectNode();
            summary.put("passed", total.passed());
            summary.put("failed", total.failed());
            ObjectNode forkCounts = summary.putObject("byFork");
            for (Map.Entry<String, StateTestTally.Counts> e : byFork.entrySet()) {
                forkCounts.putObject(e.getKey()).put("passed", e.getValue().passed()).put("failed", e.getValue().failed());
            }
            stdout.println(summary);
        } else {
            for (Map.Entry<String, StateTestTally.Counts> e : byFork.entrySet()) {
                stdout.println(e.getKey() + ": " + e.getValue().passed() + "/" + e.getValue().total() + " passed");
            }
        }
        stdout.flush();
        return tally.total().failed() == 0 ? 0 : 1;
    }
}
