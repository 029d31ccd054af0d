package io.cqt.refiner.pipeline;

import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.proofchain.OperatorKey;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.types.Hash;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refiner run --config} in its own JVM, killed with SIGKILL at the points that matter and started again:
 * once right after the result was spooled (the item is between fetch and pin), once while its proof transaction is
 * sent but not mined (Hardhat's automine off keeps it pending). After the last restart the item is committed, the
 * contract holds exactly one proof from the operator, and its result is the one pinned.
 */
@ExtendWith(VertxExtension.class)
class ProofChainRestartTest {
    @TempDir
    Path temp;
    private Process child;
    private HardhatChain chain;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        if (chain != null) {
            await(chain.rpc.call("evm_setAutomine", true));
        }
    }

    @Test
    void killedMidItemAndWhileTheProofIsPendingTheItemIsProvedExactlyOnce(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        chain = fixture.chain;
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Cid cid = fixture.put(specimen.bytes());
        long start = fixture.head() + 1;
        Hash specimenHash = ProofChainFixture.filled(0x44);
        String key = fixture.emit(specimen.height(), specimen.blockHash(), specimenHash, cid);
        Path config = writeConfig(fixture, start);
        Path spool = fixture.data.resolve("spool");
        long sentBefore = fixture.minedNonce(); // the operator's key is shared with other tests on this node

        // Nothing the pipeline sends is mined until the test says so.
        await(chain.rpc.call("evm_setAutomine", false));

        // 1. Killed as soon as the result is spooled: the item is somewhere between fetched and proving.
        Path log1 = temp.resolve("run-1.log");
        child = startRun(config, log1);
        awaitCondition(() -> spooled(spool), "the result was never spooled", log1);
        child.destroyForcibly().waitFor();
        WorkItem afterFirstKill = journalItem(fixture, key);
        assertTrue(EnumSet.of(WorkState.FETCHED, WorkState.EXECUTED, WorkState.PINNED, WorkState.PROVING)
                .contains(afterFirstKill.state()), () -> "after the first kill: " + afterFirstKill);
        assertEquals(sentBefore, fixture.minedNonce(), "nothing can have been mined with automine off");

        // 2. Started again and killed once the proof transaction is in the node's pool, not mined.
        Path log2 = temp.resolve("run-2.log");
        child = startRun(config, log2);
        awaitCondition(() -> fixture.pendingNonce() > fixture.minedNonce(), "no proof transaction was sent", log2);
        child.destroyForcibly().waitFor();
        WorkItem afterSecondKill = journalItem(fixture, key);
        assertEquals(WorkState.PROVING, afterSecondKill.state(), () -> "after the second kill: " + afterSecondKill);
        assertNotNull(afterSecondKill.proofTxHash(), "proving without the transaction's hash");
        assertEquals(0, fixture.submissions(specimen.height()), "the proof cannot be mined yet");

        // The pending proof lands while no refiner runs.
        await(chain.rpc.call("evm_setAutomine", true));
        await(chain.rpc.call("evm_mine"));
        assertEquals(1, fixture.submissions(specimen.height()));

        // 3. The last start finds the proof's receipt and commits without proving again.
        Path log3 = temp.resolve("run-3.log");
        child = startRun(config, log3);
        awaitCondition(() -> read(log3).contains(key + ": proof") || read(log3).contains(key + ": already proved"),
                "the restarted run never settled the item", log3);
        child.destroy(); // SIGTERM: the run closes its journal
        child.waitFor();
        WorkItem committed = journalItem(fixture, key);
        assertEquals(WorkState.COMMITTED, committed.state(), () -> "after the restart: " + committed);
        assertEquals(1, fixture.submissions(specimen.height()), "proved more than once");
        assertEquals(sentBefore + 1, fixture.minedNonce(), "the operator's key sent more than one transaction");
        ProofChainFixture.Proof proof = fixture.proof(specimen.height(), specimenHash);
        assertEquals(committed.resultHash(), proof.resultHash());
        assertEquals("ipfs://" + committed.resultCid(), proof.storageUrl());
        byte[] pinned = await(fixture.store.get(Cid.parse(committed.resultCid())));
        assertEquals(ResultHashes.sha256(pinned), proof.resultHash());
    }

    @Test
    void sigtermWaitsForTheStepInFlightThenStops(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        chain = fixture.chain;
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Cid cid = fixture.put(specimen.bytes());
        long start = fixture.head() + 1;
        Hash specimenHash = ProofChainFixture.filled(0x45);
        String key = fixture.emit(specimen.height(), specimen.blockHash(), specimenHash, cid);
        Path config = writeConfig(fixture, start);
        await(chain.rpc.call("evm_setAutomine", false));

        // The item is in flight, waiting for its proof's receipt, when SIGTERM comes.
        Path log = temp.resolve("run-sigterm.log");
        child = startRun(config, log, "--shutdown-timeout", "90");
        awaitCondition(() -> fixture.pendingNonce() > fixture.minedNonce(), "no proof transaction was sent", log);
        child.destroy();
        awaitCondition(() -> read(log).contains("stopping: waiting up to 90000 ms for 1 in-flight item(s)"),
                "the run did not wait for its in-flight item", log);
        assertTrue(child.isAlive(), "the run waits while the proof is pending");

        // The proof is mined: the step finishes, the run has nothing left in flight and stops.
        await(chain.rpc.call("evm_setAutomine", true));
        await(chain.rpc.call("evm_mine"));
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the run did not stop after its step finished");
        assertEquals(143, child.exitValue(), read(log));
        assertTrue(read(log).contains("stopping: every in-flight item is at a recorded step"), read(log));
        assertEquals(WorkState.COMMITTED, journalItem(fixture, key).state());
        assertEquals(1, fixture.submissions(specimen.height()));
    }

    private Path writeConfig(ProofChainFixture fixture, long start) throws IOException {
        Path file = temp.resolve("refiner.yaml");
        Files.writeString(file, String.join("\n",
                "proofChainRpcUrl: " + fixture.chain.rpc.url(),
                "bspProofChainAddress: \"" + fixture.contract.toHex() + "\"",
                "brpProofChainAddress: \"" + fixture.contract.toHex() + "\"",
                "proofChainId: " + HardhatChain.CHAIN_ID,
                "specimenChainId: " + ProofChainFixture.CHAIN,
                "data: " + fixture.data,
                "startHeight: " + start,
                "pollMillis: 200",
                "retryMillis: 200",
                "executeInstances: 1",
                "compatProfile: evm-server-1.2", // the 2024-03 release: 19434485's codec-0.36 blob transaction
                "metricsPort: 0", // any free port: the operator's 9568 may be taken on a test machine
                ""));
        return file;
    }

    /** {@code refiner run --config FILE} on the running test's JDK and class path, the key in its environment. */
    private static Process startRun(Path config, Path log, String... options) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.cqt.refiner.cli.Main", "run", "--config", config.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Only the file speaks: an operator's overrides in the test's environment must not leak in.
        ProofChainConfig.ENV_OVERRIDES.keySet().forEach(env::remove);
        env.remove(OperatorKey.ENV_KEY_FILE);
        env.put(OperatorKey.ENV_KEY, HardhatChain.OPERATOR_KEY);
        return builder.start();
    }

    private void awaitCondition(BooleanSupplier condition, String failure, Path log) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!child.isAlive()) {
                fail(failure + ": refiner run exited with " + child.exitValue() + "; its output:\n" + read(log));
            }
            Thread.sleep(20);
        }
        fail(failure + " within two minutes; output of refiner run:\n" + read(log));
    }

    private static boolean spooled(Path spool) {
        if (!Files.isDirectory(spool)) {
            return false;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.anyMatch(f -> !f.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            return false; // the directory changes under us: look again
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static WorkItem journalItem(ProofChainFixture fixture, String key) {
        try (Journal journal = Journal.open(fixture.data.resolve(Journal.FILE_NAME))) {
            List<WorkItem> all = journal.all();
            return journal.get(key).orElseThrow(() -> new AssertionError("no item " + key + " in " + all));
        }
    }
}
