package io.cqt.refiner.evm.ops;

import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Hash;

/** BLOCKHASH, COINBASE, PREVRANDAO and BLOBHASH; the plain numbers are pushed straight from the context. */
public final class BlockOps {
    private static final int BLOCKHASH_WINDOW = 256;

    private BlockOps() {
    }

    /** BLOCKHASH: the hash of one of the 256 previous blocks, zero otherwise. */
    public static void blockHash(Frame f, long[] s, Interpreter in) {
        int i = f.sp - 4;
        long n = WordMath.clampedToLong(s, i);
        long current = in.block().number();
        Hash hash = n < current && n >= current - BLOCKHASH_WINDOW ? in.state().blockHash(n) : null;
        if (hash == null) {
            WordMath.setLong(s, i, 0);
        } else {
            WordMath.fromBytes32(s, i, hash.array(), 0);
        }
    }

    public static void coinbase(Frame f, long[] s, BlockContext block) {
        StackOps.pushAddress(s, f.sp, block.coinbase());
        f.sp += 4;
    }

    public static void prevRandao(Frame f, long[] s, BlockContext block) {
        WordMath.fromBytes32(s, f.sp, block.prevRandao().array(), 0);
        f.sp += 4;
    }

    /** BLOBHASH (EIP-4844): the transaction's versioned hash at the index, zero past the end. */
    public static void blobHash(Frame f, long[] s, TxContext tx) {
        int i = f.sp - 4;
        long index = WordMath.clampedToLong(s, i);
        if (index < tx.blobHashes().size()) {
            WordMath.fromBytes32(s, i, tx.blobHashes().get((int) index).array(), 0);
        } else {
            WordMath.setLong(s, i, 0);
        }
    }
}
