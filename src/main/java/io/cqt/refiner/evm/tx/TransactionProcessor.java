package io.cqt.refiner.evm.tx;

import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.gas.GasCalculator;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.evm.interp.Delegation;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.interp.MessageResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.frame.Memory;
import io.cqt.refiner.evm.frame.Stack;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;

/**
 * Applies one transaction to the state: validate → intrinsic gas → buy gas → execute → refund → pay the coinbase,
 * burning the base fee and the blob fee. Fee arithmetic here runs once per transaction, outside the interpreter's
 * hot path, so it uses BigInteger where products of 256-bit fees and gas could overflow. The interpreter's stack and
 * memory buffers are reused from one transaction to the next, so an instance is not thread-safe: one per executing
 * block.
 */
public final class TransactionProcessor {
    private static final long MAX_NONCE = -1L; // 2^64 - 1 unsigned (EIP-2681)
    private static final byte BLOB_COMMITMENT_VERSION_KZG = 0x01;
    /** The order of secp256k1's group (SEC 2, section 2.4.1). */
    private static final BigInteger SECP256K1_N =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final BigInteger SECP256K1_HALF_N = SECP256K1_N.shiftRight(1);

    private final ForkSpec spec;
    private final GasCalculator gas;
    private final PrecompileSet precompiles;
    private final AuthorityRecovery recovery;
    private final boolean accountChecks;
    private final Predicate<Address> precompile;
    private final Stack stack = new Stack();
    private final Memory memory = new Memory();

    /**
     * Which pre-checks run, and what a rejection leaves behind.
     */
    public enum Validation {
        /** A client's: every check, each before anything changes. */
        FULL,
        /**
         * Replaying a specimen, whose senders are given and whose pre-state is partial: no nonce, EIP-2681 or EIP-3607
         * check; a type-4 transaction whose authorization list the specimen lost ({@code authList} null) runs with no
         * authorizations instead of being rejected.
         */
        SPECIMEN,
        /**
         * As the reference evm-server replays a specimen (evm-server-compat.md): {@link #SPECIMEN}'s checks, but the
         * intrinsic gas and init code size are checked only after the gas was bought, and such a rejection keeps the
         * purchase: the sender stays debited, its nonce unchanged, and the block's gas pool loses the gas limit.
         */
        REFERENCE
    }

    private final Validation validation;
    private final Tracer tracer;

    public TransactionProcessor(ForkSpec spec, PrecompileSet precompiles, AuthorityRecovery recovery) {
        this(spec, precompiles, recovery, Validation.FULL);
    }

    public TransactionProcessor(ForkSpec spec, PrecompileSet precompiles, AuthorityRecovery recovery,
                                Validation validation) {
        this(spec, precompiles, recovery, validation, null);
    }

    /** @param tracer told of each executed transaction's messages, logs and state changes; null for none */
    public TransactionProcessor(ForkSpec spec, PrecompileSet precompiles, AuthorityRecovery recovery,
                                Validation validation, Tracer tracer) {
        this.tracer = tracer;
        this.spec = spec;
        this.gas = spec.gas();
        this.precompiles = precompiles;
        this.precompile = precompiles::contains;
        this.recovery = recovery;
        this.validation = validation;
        this.accountChecks = validation == Validation.FULL;
    }

    /**
     * An untraced interpreter on this processor's stack and memory, for the block's system calls: they run between
     * transactions, so the two never share them at once.
     */
    public Interpreter interpreter(JournaledState state, BlockContext block, TxContext tx) {
        return new Interpreter(spec, precompiles, state, block, tx, stack, memory);
    }

    /**
     * Runs the transaction from {@code sender}, or rejects it: without changing anything, except for a
     * {@link Validation#REFERENCE} rejection after the purchase of the gas (its result's {@code gasUsed} is then the
     * gas limit, taken from the block's gas pool).
     *
     * @param blockGasAvailable the block's gas limit less the gas earlier transactions used
     */
    public TxResult process(JournaledState state, BlockContext block, Transaction tx, Address sender,
                            long blockGasAvailable) {
        byte[] data = tx.input().array();
        boolean create = tx.isContractCreation();
        int type = tx.type();
        List<Transaction.AccessListEntry> accessList = tx.accessList();
        List<Transaction.Authorization> auths = tx.authList() == null ? List.of() : tx.authList();
        List<Hash> blobHashes = tx.blobHashes() == null ? List.of() : tx.blobHashes();
        BigInteger baseFee = block.baseFee().toBigInteger();
        BigInteger maxFee = (type >= Transaction.DYNAMIC_FEE ? tx.gasFeeCap() : tx.gasPrice()).toBigInteger();
        BigInteger tip = (type >= Transaction.DYNAMIC_FEE ? tx.gasTipCap() : tx.gasPrice()).toBigInteger();
        long gasLimit = tx.gas();

        // ---- validate
        if (type == Transaction.BLOB && !spec.blobTransactions()
                || type == Transaction.SET_CODE && !spec.setCodeTransactions()) {
            return TxResult.rejected("transaction type " + type + " is not allowed in " + spec.fork().displayName());
        }
        if (gasLimit < 0 || gasLimit > gas.txGasLimitCap()) {
            return TxResult.rejected("gas limit " + Long.toUnsignedString(gasLimit) + " is above the cap "
                    + gas.txGasLimitCap() + " (EIP-7825)");
        }
        if (gasLimit > blockGasAvailable) {
            return TxResult.rejected("gas limit " + gasLimit + " exceeds the block's available gas " + blockGasAvailable);
        }
        long blobGas = 0;
        if (type == Transaction.BLOB && !accountChecks && tx.blobHashes() == null) {
            // Codec 0.36 lost the blob fields: the reference runs such a transaction with no blobs and no blob fee.
            blobHashes = List.of();
        } else if (type == Transaction.BLOB) {
            if (create) {
                return TxResult.rejected("a blob transaction cannot create a contract");
            }
            if (blobHashes.isEmpty()) {
                return TxResult.rejected("a blob transaction needs at least one blob");
            }
            if (blobHashes.size() > gas.maxBlobsPerTx() || blobHashes.size() > spec.blobs().max()) {
                return TxResult.rejected(blobHashes.size() + " blobs exceed the limit");
            }
            for (Hash h : blobHashes) {
                if (h.array()[0] != BLOB_COMMITMENT_VERSION_KZG) {
                    return TxResult.rejected("blob versioned hash " + h + " has an unknown version");
                }
            }
            if (tx.blobFeeCap().compareTo(block.blobBaseFee()) < 0) {
                return TxResult.rejected("max fee per blob gas " + tx.blobFeeCap() + " is below the blob base fee "
                        + block.blobBaseFee());
            }
            blobGas = blobHashes.size() * gas.blobGasPerBlob();
        }
        if (type == Transaction.SET_CODE) {
            if (create) {
                return TxResult.rejected("a set-code transaction cannot create a contract");
            }
            if (auths.isEmpty() && (accountChecks || tx.authList() != null)) {
                return TxResult.rejected("a set-code transaction needs at least one authorization");
            }
        }
        if (tip.compareTo(maxFee) > 0) {
            return TxResult.rejected("max priority fee " + tip + " is above the max fee " + maxFee);
        }
        if (maxFee.compareTo(baseFee) < 0) {
            return TxResult.rejected("max fee " + maxFee + " is below the base fee " + baseFee);
        }
        long nonce = state.nonce(sender);
        if (accountChecks && tx.nonce() != nonce) {
            return TxResult.rejected("nonce " + Long.toUnsignedString(tx.nonce()) + " but the sender's is "
                    + Long.toUnsignedString(nonce));
        }
        if (validation != Validation.REFERENCE && nonce == MAX_NONCE) {
            return TxResult.rejected("the sender's nonce is at its maximum (EIP-2681)");
        }
        byte[] senderCode = accountChecks ? state.code(sender).raw() : new byte[0];
        if (senderCode.length > 0 && !(spec.setCodeTransactions() && Delegation.isDesignator(senderCode))) {
            return TxResult.rejected("the sender " + sender + " has code (EIP-3607)");
        }
        String initcodeTooLarge = create && data.length > gas.maxInitcodeSize() ? "init code of " + data.length
                + " bytes exceeds " + gas.maxInitcodeSize() + " (EIP-3860)" : null;
        int keys = 0;
        for (Transaction.AccessListEntry e : accessList) {
            keys += e.storageKeys().size();
        }
        long intrinsic = gas.intrinsicGas(data, create, accessList.size(), keys, auths.size());
        long floor = gas.floorGas(data);
        String intrinsicTooLow = Long.compareUnsigned(intrinsic, gasLimit) > 0
                || Long.compareUnsigned(floor, gasLimit) > 0
                ? "intrinsic gas " + Math.max(intrinsic, floor) + " is above the gas limit " + gasLimit : null;
        if (validation != Validation.REFERENCE) {
            if (initcodeTooLarge != null) {
                return TxResult.rejected(initcodeTooLarge);
            }
            if (intrinsicTooLow != null) {
                return TxResult.rejected(intrinsicTooLow);
            }
        }
        BigInteger value = tx.value().toBigInteger();
        BigInteger blobFees = BigInteger.valueOf(blobGas).multiply(block.blobBaseFee().toBigInteger());
        BigInteger maxCost = BigInteger.valueOf(gasLimit).multiply(maxFee).add(value)
                .add(BigInteger.valueOf(blobGas).multiply(type == Transaction.BLOB && tx.blobFeeCap() != null
                        ? tx.blobFeeCap().toBigInteger() : BigInteger.ZERO));
        BigInteger balance = state.balance(sender).toBigInteger();
        if (balance.compareTo(maxCost) < 0) {
            return TxResult.underfunded("balance " + balance + " of " + sender + " is below the maximum cost "
                    + maxCost, UInt256.of(maxCost.subtract(balance)));
        }

        // ---- buy gas
        BigInteger price = maxFee.min(baseFee.add(tip));
        state.subBalance(sender, UInt256.of(BigInteger.valueOf(gasLimit).multiply(price).add(blobFees)));
        String afterPurchase = intrinsicTooLow != null ? intrinsicTooLow : initcodeTooLarge;
        if (afterPurchase != null) {
            state.endTransaction(true);
            return new TxResult(afterPurchase, null, gasLimit, List.of(), new byte[0], null);
        }
        state.setNonce(sender, nonce + 1);

        // ---- EIP-2929/2930 warm set, EIP-3651 coinbase
        state.warmAddress(sender);
        Address target = create ? ContractAddress.create(sender, nonce) : tx.to();
        state.warmAddress(target);
        if (spec.warmCoinbase()) {
            state.warmAddress(block.coinbase());
        }
        state.warmThroughTransaction(precompile);
        for (Transaction.AccessListEntry e : accessList) {
            state.warmAddress(e.address());
            for (Hash key : e.storageKeys()) {
                state.warmSlot(e.address(), UInt256.fromBytes(key.array()));
            }
        }
        applyAuthorizations(state, block, auths);

        // ---- execute
        Interpreter interpreter = new Interpreter(spec, precompiles, state, block,
                new TxContext(sender, UInt256.of(price), blobHashes), stack, memory, tracer);
        long executionGas = gasLimit - intrinsic;
        MessageResult result;
        if (create) {
            result = interpreter.create(sender, target, tx.value(), data, executionGas);
        } else {
            if (spec.setCodeTransactions()) {
                byte[] code = state.code(target).raw();
                if (Delegation.isDesignator(code)) {
                    state.warmAddress(Delegation.target(code));
                }
            }
            result = interpreter.call(sender, target, tx.value(), data, executionGas);
        }

        // ---- refund, floor, fees
        long used = gasLimit - result.gasLeft();
        used -= Math.min(state.refund(), used / gas.maxRefundQuotient());
        used = Math.max(used, floor);
        BigInteger unused = BigInteger.valueOf(gasLimit - used).multiply(price);
        state.addBalance(sender, UInt256.of(unused));
        state.addBalance(block.coinbase(), UInt256.of(BigInteger.valueOf(used).multiply(price.subtract(baseFee))));
        List<Log> logs = result.success() ? state.logs() : List.of();
        state.endTransaction(true, tracer);
        return new TxResult(null, result.reason(), used, logs, result.output(), result.created());
    }

    /** EIP-2 bounds the authorization's signature must meet before recovery: low s, r and s in [1, n). */
    private static boolean validSignatureValues(Transaction.Authorization auth) {
        BigInteger r = auth.r().toBigInteger();
        BigInteger s = auth.s().toBigInteger();
        return auth.yParity().compareTo(UInt256.ONE) <= 0 && r.signum() > 0 && r.compareTo(SECP256K1_N) < 0
                && s.signum() > 0 && s.compareTo(SECP256K1_HALF_N) <= 0;
    }

    /** EIP-7702: each valid authorization sets its authority's code to a delegation designator. */
    private void applyAuthorizations(JournaledState state, BlockContext block,
                                     List<Transaction.Authorization> auths) {
        for (Transaction.Authorization auth : auths) {
            UInt256 chainId = auth.chainId();
            if (!chainId.isZero() && !chainId.equals(UInt256.of(block.chainId()))) {
                continue;
            }
            if (auth.nonce() == MAX_NONCE || !validSignatureValues(auth)) {
                continue;
            }
            Address authority = recovery.recover(auth);
            if (authority == null) {
                continue;
            }
            state.warmAddress(authority);
            byte[] code = state.code(authority).raw();
            if (code.length > 0 && !Delegation.isDesignator(code)) {
                continue;
            }
            if (state.nonce(authority) != auth.nonce()) {
                continue;
            }
            if (state.exists(authority)) {
                state.addRefund(gas.authorizationExistingAccountRefund());
            }
            state.setCode(authority, auth.address().equals(Address.ZERO) ? new byte[0]
                    : Delegation.designator(auth.address()));
            state.setNonce(authority, auth.nonce() + 1);
        }
    }
}
