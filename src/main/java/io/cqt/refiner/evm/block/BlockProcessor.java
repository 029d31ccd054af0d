package io.cqt.refiner.evm.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.interp.MessageResult;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block-processing core, over any {@link JournaledState}: the fork's system calls before the transactions
 * (EIP-4788 beacon root, EIP-2935 parent hash), every transaction in order with the state carried over, then the
 * Prague requests (EIP-6110 deposits from the logs, EIP-7002 and EIP-7251 system calls, EIP-7685), withdrawals
 * (EIP-4895) and, before the merge, the block reward. The specimen path ({@link BlockExecutor}) and the blockchain
 * tests both run blocks through it; what differs between them is the transaction processor they hand in and whether
 * request system calls are checked.
 */
public final class BlockProcessor {
    static final Address SYSTEM_CALLER = Address.fromHex("0xfffffffffffffffffffffffffffffffffffffffe");
    static final Address BEACON_ROOTS = Address.fromHex("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02");
    static final Address HISTORY_STORAGE = Address.fromHex("0x0000F90827F1C53a10cb7A02335B175320002935");
    static final Address WITHDRAWAL_REQUESTS = Address.fromHex("0x00000961Ef480Eb55e80D19ad83579A64c007002");
    static final Address CONSOLIDATION_REQUESTS = Address.fromHex("0x0000BBdDc7CE488642fb579F8B00f3a590007251");
    static final Address DEPOSIT_CONTRACT = Address.fromHex("0x00000000219ab540356cBB839Cbe05303d7705Fa");
    /** keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"), the deposit contract's event (EIP-6110). */
    static final Hash DEPOSIT_EVENT = Keccak256.of("DepositEvent(bytes,bytes,bytes,bytes,bytes)"
            .getBytes(StandardCharsets.US_ASCII));
    private static final long SYSTEM_CALL_GAS = 30_000_000L;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final BigInteger PRE_MERGE_BLOCK_REWARD = BigInteger.TWO.multiply(BigInteger.TEN.pow(18));
    /** EIP-6110: the DepositEvent's ABI data is 576 bytes; each field's offset and size are fixed. */
    private static final int DEPOSIT_EVENT_LENGTH = 576;
    private static final int[] DEPOSIT_FIELD_OFFSETS = {160, 256, 320, 384, 512};
    private static final int[] DEPOSIT_FIELD_SIZES = {48, 32, 8, 96, 8};

    /**
     * What processing produced.
     *
     * @param receipts  one per included transaction, in block order
     * @param rejected  transaction index → why it failed its pre-checks (it changed nothing and has no receipt)
     * @param gasUsed   the block's gas (system calls excluded)
     * @param requests  the EIP-7685 request lists by type (Prague on), else empty
     * @param lossyFrom the first transaction run without its lost authorization list, or -1
     * @param shortfalls transaction index → wei its sender lacked, for each rejection on funds
     */
    public record Result(List<ExecutedReceipt> receipts, Map<Integer, String> rejected, long gasUsed,
                         List<byte[]> requests, int lossyFrom, Map<Integer, UInt256> shortfalls) {
    }

    private final ForkSpec spec;
    private final TransactionProcessor processor;
    private final boolean checkedSystemCalls;
    private final Tracer tracer;

    /**
     * @param checkedSystemCalls true applies the consensus rule that a request contract (EIP-7002, EIP-7251) without
     *                           code or whose call fails makes the block invalid; false skips it, as the reference
     *                           evm-server does over a specimen's partial state
     */
    public BlockProcessor(ForkSpec spec, TransactionProcessor processor, boolean checkedSystemCalls) {
        this(spec, processor, checkedSystemCalls, null);
    }

    /**
     * @param tracer told where each transaction starts and ends (the same one {@code processor} traces with), or
     *               null
     */
    public BlockProcessor(ForkSpec spec, TransactionProcessor processor, boolean checkedSystemCalls,
                          Tracer tracer) {
        this.tracer = tracer;
        this.spec = spec;
        this.processor = processor;
        this.checkedSystemCalls = checkedSystemCalls;
    }

    /**
     * Runs the block over {@code state}, leaving its changes in the journal.
     *
     * @param withdrawals null when the block has none (before Shanghai)
     * @param uncles      null or empty when the block has none
     * @param losses      where a lost authorization list is reported
     * @throws SpecimenException when the block cannot be processed (a Cancun header without its beacon root, a
     *                           malformed deposit event, a failing checked system call)
     */
    public Result process(JournaledState state, BlockContext block, Header header, List<Transaction> txs,
                          List<Address> senders, List<Withdrawal> withdrawals, List<Header> uncles,
                          List<String> losses) {
        Fork fork = spec.fork();
        if (tracer != null) {
            tracer.onBlockStart();
        }
        if (fork.isAtLeast(Fork.CANCUN)) {
            if (header.parentBeaconBlockRoot() == null) {
                throw new SpecimenException("block " + header.number() + " is " + fork.displayName()
                        + " but has no parentBeaconBlockRoot");
            }
            systemCall(state, block, BEACON_ROOTS, header.parentBeaconBlockRoot().toArray(), false);
        }
        if (fork.isAtLeast(Fork.PRAGUE)) {
            systemCall(state, block, HISTORY_STORAGE, header.parentHash().toArray(), false);
        }

        List<ExecutedReceipt> receipts = new ArrayList<>(txs.size());
        Map<Integer, String> rejected = new LinkedHashMap<>();
        Map<Integer, UInt256> shortfalls = new LinkedHashMap<>();
        List<Receipt.Log> blockLogs = new ArrayList<>();
        long cumulative = 0;
        // The block's gas left: what included transactions used, and what the reference's late rejections bought.
        long gasPool = header.gasLimit();
        int logIndex = 0;
        int lossyFrom = -1;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (tx.type() == Transaction.SET_CODE && tx.authList() == null) {
                losses.add("tx " + i + " (type 4) lost its authorization list (codec 0.38): run without it; its "
                        + "receipt and those after it may differ from mainnet");
                if (lossyFrom < 0) {
                    lossyFrom = i;
                }
            }
            if (tracer != null) {
                tracer.onTxStart(i, tx, senders.get(i));
            }
            TxResult result = processor.process(state, block, tx, senders.get(i), gasPool);
            if (tracer != null) {
                tracer.onTxEnd(i, result);
            }
            gasPool -= result.gasUsed();
            if (result.rejected()) {
                rejected.put(i, result.rejection());
                if (result.shortfall() != null) {
                    shortfalls.put(i, result.shortfall());
                }
                continue;
            }
            cumulative += result.gasUsed();
            List<Receipt.Log> logs = new ArrayList<>(result.logs().size());
            for (Log log : result.logs()) {
                logs.add(new Receipt.Log(log.address(), log.topics(), Bytes.wrap(log.data()), header.number(),
                        Hash.ZERO, i, Hash.ZERO, logIndex++, false));
            }
            blockLogs.addAll(logs);
            receipts.add(new ExecutedReceipt(i, tx.type(), result.success(), cumulative, result.gasUsed(), logs,
                    result.contractAddress()));
        }

        List<byte[]> requests = new ArrayList<>();
        if (fork.isAtLeast(Fork.PRAGUE)) {
            requests.add(depositRequests(blockLogs));
            requests.add(systemCall(state, block, WITHDRAWAL_REQUESTS, new byte[0], checkedSystemCalls));
            requests.add(systemCall(state, block, CONSOLIDATION_REQUESTS, new byte[0],
                    checkedSystemCalls));
        }
        if (withdrawals != null) {
            for (Withdrawal w : withdrawals) {
                state.addBalance(w.address(), UInt256.of(UInt256.ofUnsigned(w.amount()).toBigInteger().multiply(GWEI)));
            }
            state.endTransaction(true);
        }
        if (!fork.isAtLeast(Fork.PARIS)) {
            payBlockReward(state, header, uncles == null ? List.of() : uncles);
        }
        return new Result(receipts, rejected, cumulative, requests, lossyFrom, shortfalls);
    }

    /** The block as the EVM sees it; the blob base fee from the header's excess blob gas (EIP-4844). */
    public static BlockContext blockContext(Header header, Fork fork, ForkSpec spec, long chainId) {
        Hash prevRandao = fork.isAtLeast(Fork.PARIS) ? header.mixHash() : Hash.wrap(header.difficulty().toBytes32());
        UInt256 blobBaseFee = UInt256.ZERO;
        if (fork.isAtLeast(Fork.CANCUN)) {
            if (header.excessBlobGas() == null) {
                throw new SpecimenException("block " + header.number() + " is " + fork.displayName()
                        + " but has no excessBlobGas");
            }
            blobBaseFee = UInt256.of(fakeExponential(BigInteger.ONE, BigInteger.valueOf(header.excessBlobGas()),
                    BigInteger.valueOf(spec.blobs().baseFeeUpdateFraction())));
        }
        return new BlockContext(header.miner(), header.number(), header.timestamp(), header.gasLimit(), prevRandao,
                header.baseFeePerGas(), blobBaseFee, chainId);
    }

    /** EIP-4844's integer approximation of {@code factor * e^(numerator / denominator)}. */
    public static BigInteger fakeExponential(BigInteger factor, BigInteger numerator, BigInteger denominator) {
        BigInteger output = BigInteger.ZERO;
        BigInteger accum = factor.multiply(denominator);
        for (int i = 1; accum.signum() > 0; i++) {
            output = output.add(accum);
            accum = accum.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
        }
        return output.divide(denominator);
    }

    /**
     * A system call: from the system caller, 30M gas, no fee, outside the block's gas. Unchecked, a contract without
     * code is skipped (empty output) and a failing call gives empty output, as the reference does; checked, both
     * make the block invalid (EIP-7002, EIP-7251).
     */
    private byte[] systemCall(JournaledState state, BlockContext block, Address contract, byte[] input,
                              boolean checked) {
        if (state.codeHash(contract).equals(Keccak256.EMPTY)) {
            if (checked) {
                throw new SpecimenException("system contract " + contract + " has no code");
            }
            return new byte[0];
        }
        Interpreter interpreter = processor.interpreter(state, block,
                new TxContext(SYSTEM_CALLER, UInt256.ZERO, List.of()));
        state.warmAddress(contract);
        MessageResult result = interpreter.call(SYSTEM_CALLER, contract, UInt256.ZERO, input, SYSTEM_CALL_GAS);
        state.endTransaction(true);
        if (checked && !result.success()) {
            throw new SpecimenException("system call to " + contract + " failed: " + result.reason());
        }
        return result.success() ? result.output() : new byte[0];
    }

    /**
     * EIP-6110: the deposit requests are the deposit contract's DepositEvent logs, fields concatenated. A log whose
     * ABI layout is not the event's fixed one makes the block invalid.
     */
    private static byte[] depositRequests(List<Receipt.Log> logs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Receipt.Log log : logs) {
            if (!log.address().equals(DEPOSIT_CONTRACT) || log.topics().isEmpty()
                    || !log.topics().get(0).equals(DEPOSIT_EVENT)) {
                continue;
            }
            byte[] d = log.data().array();
            if (d.length != DEPOSIT_EVENT_LENGTH) {
                throw new SpecimenException("deposit log of " + d.length + " bytes, not " + DEPOSIT_EVENT_LENGTH);
            }
            for (int f = 0; f < DEPOSIT_FIELD_OFFSETS.length; f++) {
                int offset = DEPOSIT_FIELD_OFFSETS[f];
                if (!isWord(d, 32 * f, offset) || !isWord(d, offset, DEPOSIT_FIELD_SIZES[f])) {
                    throw new SpecimenException("deposit log field " + f + " is not at offset " + offset
                            + " with size " + DEPOSIT_FIELD_SIZES[f]);
                }
            }
            for (int f = 0; f < DEPOSIT_FIELD_OFFSETS.length; f++) {
                out.write(d, DEPOSIT_FIELD_OFFSETS[f] + 32, DEPOSIT_FIELD_SIZES[f]);
            }
        }
        return out.toByteArray();
    }

    /** Whether the 32-byte big-endian word at {@code at} equals {@code value}. */
    private static boolean isWord(byte[] d, int at, int value) {
        for (int i = 0; i < 28; i++) {
            if (d[at + i] != 0) {
                return false;
            }
        }
        return ((d[at + 28] & 0xff) << 24 | (d[at + 29] & 0xff) << 16 | (d[at + 30] & 0xff) << 8
                | (d[at + 31] & 0xff)) == value;
    }

    /** EIP-7685: sha256 over the sha256 of each non-empty {@code type || data}. */
    public static Hash requestsHash(List<byte[]> requests) {
        MessageDigest outer = sha256();
        for (int type = 0; type < requests.size(); type++) {
            byte[] data = requests.get(type);
            if (data.length == 0) {
                continue;
            }
            MessageDigest inner = sha256();
            inner.update((byte) type);
            inner.update(data);
            outer.update(inner.digest());
        }
        return Hash.wrap(outer.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Before the merge: 2 ETH (Constantinople on) to the miner plus 1/32 per uncle, and each uncle's share. */
    private static void payBlockReward(JournaledState state, Header header, List<Header> uncles) {
        BigInteger minerReward = PRE_MERGE_BLOCK_REWARD;
        for (Header uncle : uncles) {
            BigInteger share = BigInteger.valueOf(uncle.number() + 8 - header.number())
                    .multiply(PRE_MERGE_BLOCK_REWARD).shiftRight(3);
            state.addBalance(uncle.miner(), UInt256.of(share));
            minerReward = minerReward.add(PRE_MERGE_BLOCK_REWARD.shiftRight(5));
        }
        state.addBalance(header.miner(), UInt256.of(minerReward));
        state.endTransaction(true);
    }
}
