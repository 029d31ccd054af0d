package io.cqt.refiner.evm.blocktest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.block.BlockDecoding;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.precompile.Secp256k1Recovery;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.evm.statetest.FixtureAccounts;
import io.cqt.refiner.evm.tx.SignatureRecovery;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one blockchain test as a client would (corpus README, section 6): the genesis state from {@code pre}, each
 * block imported from its RLP onto the last accepted one, a block marked {@code expectException} passing only when
 * rejected; then the head must be {@code lastblockhash} and the state {@code postState}. Not thread-safe: one runner
 * per thread.
 */
public final class BlockchainTestRunner {
    /** The outcome of one case: {@code detail} names the first mismatch, or why the network is unsupported. */
    public record Verdict(Status status, String detail) {
        public boolean pass() {
            return status == Status.PASSED;
        }
    }

    public enum Status { PASSED, FAILED, UNSUPPORTED }

    private final Function<Fork, PrecompileSet> precompiles;
    private final Secp256k1Recovery secp256k1;

    public BlockchainTestRunner(Function<Fork, PrecompileSet> precompiles, Secp256k1Recovery secp256k1) {
        this.precompiles = precompiles;
        this.secp256k1 = secp256k1;
    }

    /** {@link #run}, with a runtime exception (a malformed fixture, or a bug) turned into a failure. */
    public Verdict runGuarded(BlockchainTestCase c) {
        try {
            return run(c);
        } catch (RuntimeException e) {
            return new Verdict(Status.FAILED, "threw " + e);
        }
    }

    public Verdict run(BlockchainTestCase c) {
        if (c.test().has(BlockchainTests.UNREADABLE)) {
            return fail(c.test().path(BlockchainTests.UNREADABLE).asText());
        }
        Network network = Network.parse(c.network());
        if (network == null) {
            return new Verdict(Status.UNSUPPORTED, "network " + c.network() + " is not supported");
        }
        JsonNode test = c.test();
        long chainId = test.path("config").has("chainid")
                ? FixtureAccounts.quantity(test.path("config").path("chainid")).toLong() : 1;
        BlockImporter importer = new BlockImporter(precompiles, new SignatureRecovery(secp256k1, chainId), chainId);

        BlockDecoding.Block genesis = BlockDecoding.decode(Hex.decode(test.path("genesisRLP").asText()));
        Hash genesisHash = Hash.fromHex(test.path("genesisBlockHeader").path("hash").asText());
        if (!genesis.hash().equals(genesisHash)) {
            return fail("genesis hash " + genesis.hash() + " != " + genesisHash);
        }
        Map<Address, InMemoryWorld.Account> state = FixtureAccounts.accounts(test.path("pre"));
        Hash genesisRoot = FixtureAccounts.stateRoot(state);
        if (!genesisRoot.equals(genesis.header().stateRoot())) {
            return fail("genesis state root " + genesisRoot + " != header " + genesis.header().stateRoot());
        }
        List<Hash> hashes = new ArrayList<>(List.of(genesis.hash()));
        Header head = genesis.header();
        JsonNode blocks = test.path("blocks");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode entry = blocks.get(i);
            String expected = entry.path("expectException").asText(null);
            List<Hash> chain = hashes;
            BlockImporter.Imported imported;
            try {
                imported = importer.importBlock(Hex.decode(entry.path("rlp").asText()), head, chain.getLast(),
                        state, n -> n >= 0 && n < chain.size() ? chain.get((int) n) : null, network);
            } catch (InvalidBlockException e) {
                if (expected != null) {
                    continue;
                }
                return fail("block " + i + " rejected: " + e.getMessage());
            }
            if (expected != null) {
                return fail("block " + i + " accepted but should be rejected (" + expected + ")");
            }
            Hash want = Hash.fromHex(entry.path("blockHeader").path("hash").asText());
            if (!imported.hash().equals(want)) {
                return fail("block " + i + " hash " + imported.hash() + " != " + want);
            }
            head = imported.header();
            state = imported.state();
            hashes.add(imported.hash());
        }
        Hash last = Hash.fromHex(test.path("lastblockhash").asText());
        if (!hashes.getLast().equals(last)) {
            return fail("last block hash " + hashes.getLast() + " != " + last);
        }
        if (test.has("postState")) {
            String diff = FixtureAccounts.diff(state, test.path("postState"));
            if (!diff.isEmpty()) {
                return fail("post state: " + diff);
            }
        } else if (test.has("postStateHash")) {
            Hash root = FixtureAccounts.stateRoot(state);
            Hash want = Hash.fromHex(test.path("postStateHash").asText());
            if (!root.equals(want)) {
                return fail("post state root " + root + " != " + want);
            }
        } else {
            return fail("the case has neither postState nor postStateHash");
        }
        return new Verdict(Status.PASSED, "ok, " + (hashes.size() - 1) + " blocks accepted");
    }

    private static Verdict fail(String detail) {
        return new Verdict(Status.FAILED, detail);
    }
}
