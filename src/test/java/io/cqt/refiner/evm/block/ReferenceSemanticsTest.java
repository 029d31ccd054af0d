package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.BlockResult;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.result.ResultTransaction;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.trie.MerklePatriciaTrie;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The reference evm-server's semantics that both releases share (evm-server-compat.md, "Both layouts"), each on a
 * specimen derived from a real one (17090940, Shanghai, nothing lost; 19529499, Cancun, with blob transactions).
 */
class ReferenceSemanticsTest {
    private final ReferenceExecutor reference = new ReferenceExecutor(CompatProfiles.EVM_SERVER_1_3);
    private final BlockExecutor canonical = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true);

    private static BlockReplica shanghai() throws Exception {
        return SpecimenReader.read(SharedData.specimen(17090940L, "specimen-codec-0.35.avro")).replica();
    }

    private static BlockReplica with(BlockReplica r, Header header, List<Transaction> txs, List<Address> senders,
                                     StateReads state) {
        return new BlockReplica(r.type(), r.networkId(), r.hash(), r.totalDifficulty(), header, txs, r.uncles(),
                r.receipts(), senders, state, r.withdrawals(), r.blobTxSidecars());
    }

    private static Transaction changed(Transaction t, long nonce, UInt256 feeCap, long gas, Address to, Bytes input) {
        return new Transaction(t.type(), t.accessList(), t.chainId(), nonce, t.gasPrice(), t.gasTipCap(), feeCap, gas,
                t.from(), to, t.value(), input, t.v(), t.r(), t.s(), t.blobFeeCap(), t.blobHashes(), t.blobGas(),
                t.data(), t.authList());
    }

    private static Header withBlobGasUsed(Header h, long blobGasUsed) {
        return new Header(h.parentHash(), h.sha3Uncles(), h.miner(), h.stateRoot(), h.transactionsRoot(),
                h.receiptsRoot(), h.logsBloom(), h.difficulty(), h.number(), h.gasLimit(), h.gasUsed(), h.timestamp(),
                h.extraData(), h.mixHash(), h.nonce(), h.baseFeePerGas(), h.withdrawalsRoot(), blobGasUsed,
                h.excessBlobGas(), h.parentBeaconBlockRoot(), h.requestsHash());
    }

    /** A type-2 call from a sender that sends nothing else in the block and that no other transaction calls. */
    private static int loneSenderCall(BlockReplica r) {
        for (int i = 0; i < r.transactions().size(); i++) {
            Transaction t = r.transactions().get(i);
            Address sender = r.senders().get(i);
            if (t.type() == Transaction.DYNAMIC_FEE && t.to() != null && Collections.frequency(r.senders(), sender) == 1
                    && r.transactions().stream().noneMatch(o -> sender.equals(o.to()))
                    && !sender.equals(r.header().miner())) {
                return i;
            }
        }
        throw new AssertionError("no lone-sender type-2 call in block " + r.number());
    }

    private static BlockReplica replaced(BlockReplica r, int index, Transaction tx) {
        List<Transaction> txs = new ArrayList<>(r.transactions());
        txs.set(index, tx);
        return with(r, r.header(), txs, r.senders(), r.state());
    }

    private static BlockReplica without(BlockReplica r, int index, UnaryOperator<StateReads> state) {
        List<Transaction> txs = new ArrayList<>(r.transactions());
        List<Address> senders = new ArrayList<>(r.senders());
        txs.remove(index);
        senders.remove(index);
        return with(r, r.header(), txs, senders, state.apply(r.state()));
    }

    private static StateReads balanceLess(StateReads s, Address account, BigInteger amount) {
        List<StateReads.AccountRead> accounts = new ArrayList<>();
        for (StateReads.AccountRead a : s.accountReads()) {
            accounts.add(!a.address().equals(account) ? a : new StateReads.AccountRead(a.address(), a.nonce(),
                    UInt256.of(a.balance().toBigInteger().subtract(amount)), a.codeHash()));
        }
        return new StateReads(accounts, s.storageReads(), s.codeReads(), s.blockhashReads());
    }

    private static StateReads.AccountRead account(StateReads s, Address address) {
        return s.accountReads().stream().filter(a -> a.address().equals(address)).findFirst().orElseThrow();
    }

    /** The header the reference builds for itself (evm-server-compat.md, "Log keys"): its hash is the logs'. */
    private static Hash toolHeaderHash(Header h, Hash txRoot) {
        return HeaderEncoding.hash(new Header(Hash.ZERO, Keccak256.EMPTY_LIST, h.miner(), Hash.ZERO, txRoot,
                MerklePatriciaTrie.EMPTY_ROOT, Bytes.wrap(new byte[Header.BLOOM_SIZE]), UInt256.ZERO, h.number(),
                h.gasLimit(), 0, h.timestamp(), Bytes.EMPTY, h.mixHash(), Bytes.wrap(new byte[Header.NONCE_SIZE]),
                h.baseFeePerGas(), h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(), h.parentBeaconBlockRoot(),
                null));
    }

    /** What every failed pre-check leaves in the result: the transaction in the list and the root, no receipt. */
    private void assertKeptWithoutReceipt(BlockReplica variant, int index, BlockExecution run) {
        assertTrue(run.rejected().containsKey(index), () -> "rejected: " + run.rejected());
        BlockResult result = reference.result(run);
        Hash txHash = new TransactionEncoding().encode(variant.transactions().get(index)).hash();
        assertEquals(variant.transactions().size(), result.transactions().size(), "every transaction is written");
        ResultTransaction written = result.transactions().get(index);
        assertEquals(variant.transactions().get(index).gas(), written.gas());
        assertEquals(variant.transactions().get(index).gasFeeCap(), written.gasFeeCap());
        Hash txRoot = BlockRoots.transactionsRoot(variant.transactions());
        assertEquals(txRoot, result.header().transactionsRoot(), "the rejected transaction is in the root");
        assertEquals(variant.transactions().size() - 1, result.receipts().size());
        Hash blockHash = toolHeaderHash(variant.header(), txRoot);
        boolean sawLog = false;
        for (Receipt receipt : result.receipts()) {
            assertNotEquals(txHash, receipt.txHash(), "no receipt for the rejected transaction");
            for (Receipt.Log log : receipt.logs()) {
                assertEquals(blockHash, log.blockHash());
                sawLog = true;
            }
        }
        assertTrue(sawLog, "the block has logs to check");
        List<Transaction> dropped = new ArrayList<>(variant.transactions());
        dropped.remove(index);
        assertNotEquals(toolHeaderHash(variant.header(), BlockRoots.transactionsRoot(dropped)), blockHash,
                "a root without the rejected transaction gives another block hash");
    }

    @Test
    void aTransactionRejectedBeforeBuyingGasIsWrittenAndChangesNothing() throws Exception {
        BlockReplica block = shanghai();
        int k = loneSenderCall(block);
        Transaction tx = block.transactions().get(k);
        Address sender = block.senders().get(k);
        // A fee cap the sender cannot cover: gas * feeCap > balance.
        UInt256 feeCap = UInt256.of(account(block.state(), sender).balance().toBigInteger()
                .divide(BigInteger.valueOf(tx.gas())).add(BigInteger.ONE));
        BlockReplica variant = replaced(block, k, changed(tx, tx.nonce(), feeCap, tx.gas(), tx.to(), tx.input()));
        BlockExecution run = reference.execute(variant);
        assertTrue(run.rejected().get(k).contains("balance"), run.rejected().toString());
        assertKeptWithoutReceipt(variant, k, run);
        assertEquals(reference.execute(without(block, k, s -> s)).partialStateRoot(), run.partialStateRoot(),
                "the post-state is the block's without the transaction");
    }

    @Test
    void aRejectionAfterBuyingGasKeepsThePurchase() throws Exception {
        BlockReplica block = shanghai();
        int k = loneSenderCall(block);
        Transaction tx = block.transactions().get(k);
        Address sender = block.senders().get(k);
        long gas = 20_999; // below a call's intrinsic 21,000: checked only after the gas was bought
        BlockReplica variant = replaced(block, k, changed(tx, tx.nonce(), tx.gasFeeCap(), gas, tx.to(), tx.input()));
        BlockExecution run = reference.execute(variant);
        assertTrue(run.rejected().get(k).contains("intrinsic gas"), run.rejected().toString());
        assertKeptWithoutReceipt(variant, k, run);
        BigInteger price = tx.gasFeeCap().toBigInteger().min(block.header().baseFeePerGas().toBigInteger()
                .add(tx.gasTipCap().toBigInteger()));
        BigInteger bought = BigInteger.valueOf(gas).multiply(price);
        assertEquals(reference.execute(without(block, k, s -> balanceLess(s, sender, bought))).partialStateRoot(),
                run.partialStateRoot(), "the sender stays debited for the gas, its nonce unchanged");
        assertNotEquals(reference.execute(without(block, k, s -> s)).partialStateRoot(), run.partialStateRoot());
        // A client rejects the same transaction before anything changes.
        BlockExecution asClient = canonical.execute(variant);
        assertEquals(canonical.execute(without(block, k, s -> s)).partialStateRoot(), asClient.partialStateRoot());
    }

    @Test
    void aLateRejectionTakesItsGasLimitFromTheBlocksPool() throws Exception {
        BlockReplica block = shanghai();
        int k = loneSenderCall(block);
        Transaction tx = block.transactions().get(k);
        Address sender = block.senders().get(k);
        // Init code over the EIP-3860 limit, with a gas limit that leaves less than the next transaction's gas.
        long usedBefore = canonical.execute(block).receipts().stream().filter(r -> r.transactionIndex() < k)
                .mapToLong(ExecutedReceipt::gasUsed).sum();
        long gas = block.header().gasLimit() - usedBefore - block.transactions().get(k + 1).gas() + 1;
        Bytes initcode = Bytes.wrap(new byte[49_153]);
        StateReads rich = balanceLess(block.state(), sender, BigInteger.TEN.pow(24).negate());
        BlockReplica variant = with(block, block.header(),
                replaced(block, k, changed(tx, tx.nonce(), tx.gasFeeCap(), gas, null, initcode)).transactions(),
                block.senders(), rich);
        BlockExecution run = reference.execute(variant);
        assertTrue(run.rejected().get(k).contains("EIP-3860"), run.rejected().toString());
        assertTrue(run.rejected().containsKey(k + 1), () -> "the next transaction no longer fits: " + run.rejected());
        BlockExecution asClient = canonical.execute(variant);
        assertEquals(List.of(k), List.copyOf(asClient.rejected().keySet()), "a client's pool keeps the gas");
    }

    @Test
    void storageOfAnAccountTheSpecimenDidNotReadIsIgnored() throws Exception {
        BlockReplica block = shanghai();
        // A recipient with no code: the transfer creates it again when its account read is gone.
        Address recipient = null;
        for (Transaction t : block.transactions()) {
            if (t.to() != null && !t.value().isZero() && account(block.state(), t.to()).codeHash()
                    .equals(Keccak256.EMPTY) && !block.senders().contains(t.to())
                    && !t.to().equals(block.header().miner())) {
                recipient = t.to();
                break;
            }
        }
        assertTrue(recipient != null, "a plain transfer in block 17090940");
        Address unread = recipient;
        List<StateReads.AccountRead> accounts = new ArrayList<>(block.state().accountReads());
        accounts.removeIf(a -> a.address().equals(unread));
        List<StateReads.StorageRead> rows = new ArrayList<>(block.state().storageReads());
        StateReads withoutAccount = new StateReads(accounts, rows, block.state().codeReads(),
                block.state().blockhashReads());
        rows.add(new StateReads.StorageRead(unread, Hash.wrap(UInt256.ONE.toBytes32()),
                Hash.wrap(UInt256.of(5).toBytes32())));
        StateReads withRow = new StateReads(accounts, rows, block.state().codeReads(),
                block.state().blockhashReads());
        BlockReplica plain = with(block, block.header(), block.transactions(), block.senders(), withoutAccount);
        BlockReplica row = with(block, block.header(), block.transactions(), block.senders(), withRow);
        assertEquals(reference.execute(plain).partialStateRoot(), reference.execute(row).partialStateRoot());
        assertNotEquals(canonical.execute(plain).partialStateRoot(), canonical.execute(row).partialStateRoot(),
                "with the row read, the storage would show");
    }

    @Test
    void aCreationsContractAddressUsesTheTransactionsNonce() throws Exception {
        BlockReplica block = shanghai();
        int k = loneSenderCall(block);
        Transaction tx = block.transactions().get(k);
        Address sender = block.senders().get(k);
        long stateNonce = account(block.state(), sender).nonce();
        long txNonce = stateNonce + 7; // the reference does not check the nonce
        BlockReplica variant = replaced(block, k, changed(tx, txNonce, tx.gasFeeCap(), 100_000, null, Bytes.EMPTY));
        BlockResult result = reference.result(reference.execute(variant));
        Hash txHash = new TransactionEncoding().encode(variant.transactions().get(k)).hash();
        Receipt receipt = result.receipts().stream().filter(r -> r.txHash().equals(txHash)).findFirst().orElseThrow();
        assertEquals(ContractAddress.create(sender, txNonce), receipt.contractAddress());
        assertNotEquals(ContractAddress.create(sender, stateNonce), receipt.contractAddress());
        assertTrue(result.receipts().stream().filter(r -> r != receipt)
                .allMatch(r -> r.contractAddress().equals(Address.ZERO)), "calls have the zero address");
    }

    @Test
    void aLegacyChainIdComesFromVAsAnUnsigned64BitValue() {
        assertEquals(UInt256.ZERO, CompatResults.legacyChainId(UInt256.of(27)));
        assertEquals(UInt256.ZERO, CompatResults.legacyChainId(UInt256.of(28)));
        assertEquals(UInt256.ONE, CompatResults.legacyChainId(UInt256.of(37)));
        assertEquals(UInt256.ONE, CompatResults.legacyChainId(UInt256.of(38)));
        assertEquals(UInt256.fromHex("0x7fffffffffffffee"), CompatResults.legacyChainId(UInt256.ZERO),
                "a missing v wraps");
        assertEquals(UInt256.fromHex("0x7fffffffffffffef"), CompatResults.legacyChainId(UInt256.of(1)));
        UInt256 wide = UInt256.of(BigInteger.TWO.pow(70).add(BigInteger.valueOf(35)));
        assertEquals(UInt256.of(BigInteger.TWO.pow(69)), CompatResults.legacyChainId(wide), "past 64 bits: 256-bit");
    }

    @Test
    void v13FailsABlockWhoseBlobGasDiffersAndWritesAbsentBlobHashesAsNull() throws Exception {
        BlockReplica block = SpecimenReader.read(SharedData.specimen(19529499L, "specimen.json")).replica();
        int blob = -1;
        for (int i = 0; i < block.transactions().size(); i++) {
            Transaction t = block.transactions().get(i);
            if (t.type() == Transaction.BLOB && t.blobHashes() != null && !t.blobHashes().isEmpty()
                    && t.blobFeeCap() != null) {
                blob = i;
                break;
            }
        }
        assertTrue(blob >= 0, "19529499 carries a complete blob transaction");
        Header h = block.header();
        Header more = withBlobGasUsed(h, h.blobGasUsed() + 131_072);
        BlockReplica mismatched = with(block, more, block.transactions(), block.senders(), block.state());
        ReferenceFailure failure = assertThrows(ReferenceFailure.class, () -> reference.execute(mismatched));
        assertFalse(failure.panic());
        assertEquals("error on EBE: blob gas used by execution: " + h.blobGasUsed() + ", in header: "
                + (h.blobGasUsed() + 131_072), failure.getMessage());
        new ReferenceExecutor(CompatProfiles.EVM_SERVER_1_2).execute(mismatched); // the 2024-03 release never checks

        Transaction t = block.transactions().get(blob);
        Transaction hashless = new Transaction(t.type(), t.accessList(), t.chainId(), t.nonce(), t.gasPrice(),
                t.gasTipCap(), t.gasFeeCap(), t.gas(), t.from(), t.to(), t.value(), t.input(), t.v(), t.r(), t.s(),
                t.blobFeeCap(), null, t.blobGas(), t.data(), t.authList());
        Header fewer = withBlobGasUsed(h, h.blobGasUsed() - 131_072L * t.blobHashes().size());
        BlockReplica lost = with(block, fewer, replaced(block, blob, hashless).transactions(), block.senders(),
                block.state());
        String text = new String(new CompatResultWriter(CompatProfiles.EVM_SERVER_1_3)
                .toBytes(reference.result(reference.execute(lost))), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"blobHashes\": null,\n   \"blobGas\": 0\n"), "absent hashes are null in v1.3");
    }
}
