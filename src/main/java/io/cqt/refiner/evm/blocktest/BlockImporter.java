package io.cqt.refiner.evm.blocktest;

import io.cqt.refiner.block.BlockDecoding;
import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.Bloom;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.ReceiptEncoding;
import io.cqt.refiner.evm.block.BlockProcessor;
import io.cqt.refiner.evm.block.ExecutedReceipt;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.statetest.FixtureAccounts;
import io.cqt.refiner.evm.tx.SignatureRecovery;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TransactionProcessor.Validation;
import io.cqt.refiner.rlp.RlpException;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.trie.OrderedTrie;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Imports one block onto a parent as a client does: decode its RLP, validate the header against the parent, check
 * the body against the header, execute it through {@link BlockProcessor} with account checks on, and compare every
 * derived header field. Any failure rejects the block, leaving the caller's state untouched.
 */
final class BlockImporter {
    /** EIP-7934: the largest block RLP (10 MiB less a 2 MiB margin for the consensus-layer wrapping). */
    private static final int MAX_RLP_BLOCK_SIZE = 10_485_760 - 2_097_152;

    /** An accepted block and the complete state after it. */
    record Imported(Header header, Hash hash, Map<Address, InMemoryWorld.Account> state) {
    }

    private final Function<Fork, PrecompileSet> precompiles;
    private final SignatureRecovery signatures;
    private final long chainId;

    BlockImporter(Function<Fork, PrecompileSet> precompiles, SignatureRecovery signatures, long chainId) {
        this.precompiles = precompiles;
        this.signatures = signatures;
        this.chainId = chainId;
    }

    /**
     * @param blockHashes the canonical chain's hashes by number, for BLOCKHASH
     * @throws InvalidBlockException naming the first rule the block breaks
     */
    Imported importBlock(byte[] rlp, Header parent, Hash parentHash, Map<Address, InMemoryWorld.Account> pre,
                         LongFunction<Hash> blockHashes, Network network) {
        BlockDecoding.Block block;
        try {
            block = BlockDecoding.decode(rlp);
        } catch (RlpException | SpecimenException e) {
            throw new InvalidBlockException("cannot decode the block: " + e.getMessage());
        }
        Header header = block.header();
        Fork fork = network.forkAt(header.timestamp());
        ForkSpec spec = ForkSpec.of(fork);
        HeaderValidation.validate(header, parent, parentHash, fork);
        checkBody(block, fork, spec);

        List<Address> senders = new ArrayList<>(block.transactions().size());
        for (int i = 0; i < block.transactions().size(); i++) {
            try {
                senders.add(signatures.sender(block.transactions().get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidBlockException("tx " + i + ": " + e.getMessage());
            }
        }
        InMemoryWorld world = new InMemoryWorld(blockHashes);
        pre.forEach(world::put);
        JournaledState state = new JournaledState(world, null);
        PrecompileSet set = precompiles.apply(fork);
        BlockProcessor.Result result;
        try {
            BlockContext context = BlockProcessor.blockContext(header, fork, spec, chainId);
            TransactionProcessor processor = new TransactionProcessor(spec, set, signatures, Validation.FULL);
            result = new BlockProcessor(spec, processor, true).process(state, context, header,
                    block.transactions(), senders, block.withdrawals(), block.uncles(), new ArrayList<>());
        } catch (SpecimenException e) {
            throw new InvalidBlockException(e.getMessage());
        }
        if (!result.rejected().isEmpty()) {
            Map.Entry<Integer, String> first = result.rejected().entrySet().iterator().next();
            throw new InvalidBlockException("tx " + first.getKey() + " is invalid: " + first.getValue());
        }
        Map<Address, InMemoryWorld.Account> post = FixtureAccounts.after(pre, state.changes());
        checkExecution(header, fork, result, post);
        return new Imported(header, block.hash(), post);
    }

    /** What the header commits to about the body, before execution. */
    private static void checkBody(BlockDecoding.Block block, Fork fork, ForkSpec spec) {
        Header header = block.header();
        HeaderValidation.require(OrderedTrie.root(block.encodedTransactions()).equals(header.transactionsRoot()),
                "transactions root mismatch");
        HeaderValidation.require(HeaderEncoding.unclesHash(block.uncles()).equals(header.sha3Uncles()),
                "uncles hash mismatch");
        HeaderValidation.require(!fork.isAtLeast(Fork.PARIS) || block.uncles().isEmpty(), "uncles after the merge");
        HeaderValidation.require((block.withdrawals() != null) == fork.isAtLeast(Fork.SHANGHAI),
                "withdrawals list " + (block.withdrawals() == null ? "missing" : "before Shanghai"));
        if (block.withdrawals() != null) {
            HeaderValidation.require(BlockRoots.withdrawalsRoot(block.withdrawals()).equals(header.withdrawalsRoot()),
                    "withdrawals root mismatch");
        }
        if (fork.isAtLeast(Fork.OSAKA)) {
            HeaderValidation.require(block.size() <= MAX_RLP_BLOCK_SIZE, "block RLP of " + block.size()
                    + " bytes exceeds " + MAX_RLP_BLOCK_SIZE + " (EIP-7934)");
        }
        if (fork.isAtLeast(Fork.CANCUN)) {
            long blobs = 0;
            for (Transaction tx : block.transactions()) {
                blobs += tx.type() == Transaction.BLOB ? tx.blobHashes().size() : 0;
            }
            HeaderValidation.require(blobs <= spec.blobs().max(), blobs + " blobs exceed the block's "
                    + spec.blobs().max());
            HeaderValidation.require(header.blobGasUsed() == blobs * Eip4844.GAS_PER_BLOB, "blob gas used "
                    + header.blobGasUsed() + " is not " + blobs * Eip4844.GAS_PER_BLOB);
        }
    }

    /** The header fields only execution can derive. */
    private static void checkExecution(Header header, Fork fork, BlockProcessor.Result result,
                                       Map<Address, InMemoryWorld.Account> post) {
        HeaderValidation.require(result.gasUsed() == header.gasUsed(), "gas used " + result.gasUsed() + " != header "
                + header.gasUsed());
        ReceiptEncoding encoding = new ReceiptEncoding();
        List<byte[]> receipts = new ArrayList<>(result.receipts().size());
        List<Receipt.Log> logs = new ArrayList<>();
        for (ExecutedReceipt r : result.receipts()) {
            receipts.add(encoding.encode(r.type(), r.success(), r.cumulativeGasUsed(), r.logs()));
            logs.addAll(r.logs());
        }
        Hash receiptsRoot = BlockRoots.receiptsRoot(receipts);
        HeaderValidation.require(receiptsRoot.equals(header.receiptsRoot()), "receipts root " + receiptsRoot
                + " != header " + header.receiptsRoot());
        HeaderValidation.require(Bloom.of(logs).toBytes().equals(header.logsBloom()), "logs bloom mismatch");
        if (fork.isAtLeast(Fork.PRAGUE)) {
            Hash requests = BlockProcessor.requestsHash(result.requests());
            HeaderValidation.require(requests.equals(header.requestsHash()), "requests hash " + requests
                    + " != header " + header.requestsHash() + " (EIP-7685)");
        }
        Hash stateRoot = FixtureAccounts.stateRoot(post);
        HeaderValidation.require(stateRoot.equals(header.stateRoot()), "state root " + stateRoot + " != header "
                + header.stateRoot());
    }
}
