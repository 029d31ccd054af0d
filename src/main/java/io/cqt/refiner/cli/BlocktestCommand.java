package io.cqt.refiner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.blocktest.BlockchainTestCase;
import io.cqt.refiner.evm.blocktest.BlockchainTestRunner;
import io.cqt.refiner.evm.blocktest.BlockchainTests;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.precompile.Secp256k1Recovery;
import io.cqt.refiner.evm.statetest.StateTestTally;
import io.cqt.refiner.evm.statetest.StateTests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "blocktest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs Ethereum blockchain tests (EEST blockchain_test JSON files, or folders of them) as a "
                + "client imports blocks: every valid block accepted with the header it carries, every block marked "
                + "invalid rejected, then the last block hash and the post-state compared.",
                "Cases on a network the executor does not implement are counted as unsupported and listed.",
                "Exit status 1 when any case fails."})
final class BlocktestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Blockchain-test files or folders.")
    List<Path> paths;

    @Option(names = "--fork", paramLabel = "F", description = "Comma-separated forks whose cases run (a transition "
            + "counts as the fork it ends on; default: every fork, ${DEFAULT-VALUE}).")
    String forks = StateTests.DEFAULT_FORKS;

    @Option(names = "--json", description = "One JSON line per failing or unsupported case, then a summary line.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        BlockchainTestRunner runner = new BlockchainTestRunner(MainnetPrecompiles::forFork, Secp256k1Recovery.best());
        StateTestTally tally = new StateTestTally();
        Map<String, Integer> unsupported = new TreeMap<>();
        for (BlockchainTestCase c : BlockchainTests.cases(paths, StateTests.forks(forks))) {
            BlockchainTestRunner.Verdict v = runner.runGuarded(c);
            if (v.status() == BlockchainTestRunner.Status.UNSUPPORTED) {
                unsupported.merge(c.network(), 1, Integer::sum);
            } else {
                tally.add(c.network(), c.category(), c.id(), v.pass(), v.detail());
            }
            if (!v.pass()) {
                String word = v.status() == BlockchainTestRunner.Status.UNSUPPORTED ? "UNSUPPORTED " : "FAIL ";
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("case", c.id());
                    o.put(v.status() == BlockchainTestRunner.Status.UNSUPPORTED ? "unsupported" : "detail",
                            v.detail());
                    stdout.println(o);
                } else {
                    stdout.println(word + c.id() + ": " + v.detail());
                }
            }
        }
        StateTestTally.Counts total = tally.total();
        int unsupportedTotal = unsupported.values().stream().mapToInt(Integer::intValue).sum();
        if (json) {
            ObjectNode summary = mapper.createObjectNode();
            summary.put("passed", total.passed());
            summary.put("failed", total.failed());
            summary.put("unsupported", unsupportedTotal);
            ObjectNode byFork = summary.putObject("byFork");
            tally.byFork().forEach((network, n) ->
                    byFork.putObject(network).put("passed", n.passed()).put("failed", n.failed()));
            ObjectNode byUnsupported = summary.putObject("unsupportedByNetwork");
            unsupported.forEach(byUnsupported::put);
            stdout.println(summary);
        } else {
            tally.byFork().forEach((network, n) ->
                    stdout.println(network + ": " + n.passed() + "/" + n.total() + " passed"));
            unsupported.forEach((network, n) -> stdout.println(network + ": " + n + " unsupported"));
        }
        stdout.flush();
        return total.failed() == 0 ? 0 : 1;
    }
}
