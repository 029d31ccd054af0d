package io.cqt.refiner.trace;

import io.cqt.refiner.evm.code.Opcodes;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hex;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** A few lines of EVM assembly for test contracts: opcodes, minimal pushes and the call opcodes' argument order. */
final class Asm {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Asm op(int... ops) {
        for (int op : ops) {
            out.write(op);
        }
        return this;
    }

    Asm push(long v) {
        return push(BigInteger.valueOf(v).toByteArray());
    }

    /** PUSHn of the bytes, leading zero bytes dropped (PUSH1 0 for none). */
    Asm push(byte[] value) {
        int start = 0;
        while (start < value.length - 1 && value[start] == 0) {
            start++;
        }
        int n = Math.max(1, value.length - start);
        out.write(Opcodes.PUSH1 + n - 1);
        out.write(value, value.length - n, n);
        return this;
    }

    Asm push(Address a) {
        out.write(Opcodes.PUSH1 + 19);
        out.writeBytes(a.toArray());
        return this;
    }

    /** CALL or CALLCODE with their value argument. */
    Asm call(int kind, long gas, Address to, long value, long inOffset, long inSize, long outOffset, long outSize) {
        push(outSize).push(outOffset).push(inSize).push(inOffset).push(value).push(to).push(gas);
        return op(kind);
    }

    /** DELEGATECALL or STATICCALL (no value argument). */
    Asm call(int kind, long gas, Address to, long inOffset, long inSize, long outOffset, long outSize) {
        push(outSize).push(outOffset).push(inSize).push(inOffset).push(to).push(gas);
        return op(kind);
    }

    /** Writes {@code bytes} (at most 32) right-aligned in the word at {@code offset}. */
    Asm store(byte[] bytes, long offset) {
        return push(bytes).push(offset).op(Opcodes.MSTORE);
    }

    /** Writes {@code bytes} (at most 32) left-aligned in the word at {@code offset}. */
    Asm storeLeft(byte[] bytes, long offset) {
        byte[] word = new byte[32];
        System.arraycopy(bytes, 0, word, 0, bytes.length);
        out.write(Opcodes.PUSH1 + 31);
        out.writeBytes(word);
        return push(offset).op(Opcodes.MSTORE);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    String hex() {
        return Hex.encode(bytes());
    }
}
