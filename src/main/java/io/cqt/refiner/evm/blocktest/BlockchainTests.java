package io.cqt.refiner.evm.blocktest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.statetest.StateTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds and parses blockchain-test files (EEST {@code blockchain_test} JSON). */
public final class BlockchainTests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The network of the case that stands for a file that is not valid JSON. */
    static final String UNREADABLE = "unreadable";

    private BlockchainTests() {
    }

    /**
     * The cases under each path whose network ends on one of {@code forks}, plus every case whose network is not one
     * of ours (so the caller counts it as unsupported), in path order.
     *
     * @throws IllegalArgumentException for a path that does not exist or a folder without any test case
     */
    public static List<BlockchainTestCase> cases(List<Path> paths, Set<Fork> forks) {
        List<BlockchainTestCase> out = new ArrayList<>();
        for (Path path : paths) {
            List<BlockchainTestCase> found = new ArrayList<>();
            if (Files.isDirectory(path)) {
                for (Path file : StateTests.files(path)) {
                    found.addAll(load(path, file));
                }
            } else if (Files.isRegularFile(path)) {
                Path absolute = path.toAbsolutePath();
                found.addAll(load(absolute.getParent(), absolute));
            } else {
                throw new IllegalArgumentException("no blockchain-test file or folder " + path);
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no blockchain test in " + path);
            }
            for (BlockchainTestCase c : found) {
                Network network = Network.parse(c.network());
                if (network == null || forks.contains(network.after()) || c.network().equals(UNREADABLE)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Every case of one file; {@code root} names the folder ids are relative to. */
    public static List<BlockchainTestCase> load(Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String category = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        StateTests.Fixture fixture = StateTests.readFixture(file, rel);
        if (fixture.problem() != null) {
            // One failing case for the file, so that the run goes on and still names it.
            return List.of(new BlockchainTestCase(rel, category, "", UNREADABLE, JSON.createObjectNode()
                    .put(UNREADABLE, fixture.problem())));
        }
        JsonNode tree = fixture.tree();
        List<BlockchainTestCase> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> test = it.next();
            if (!test.getValue().has("blocks")) {
                continue; // not a blockchain test (a state test, an engine test): nothing of ours to run
            }
            out.add(new BlockchainTestCase(rel, category, test.getKey(), test.getValue().path("network").asText(),
                    test.getValue()));
        }
        return out;
    }
}
