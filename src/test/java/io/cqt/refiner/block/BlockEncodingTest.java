package io.cqt.refiner.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockEncodingTest {

    private static Transaction tx(int type, UInt256 chainId, UInt256 v, UInt256 r, UInt256 s, UInt256 blobFeeCap,
                                  List<Hash> blobHashes, List<Transaction.Authorization> authList) {
        return new Transaction(type, List.of(), chainId, 9, UInt256.of(20_000_000_000L), UInt256.of(1),
                UInt256.of(20_000_000_000L), 21_000, null, Address.fromHex("0x" + "35".repeat(20)),
                UInt256.of(1_000_000_000_000_000_000L), Bytes.EMPTY, v, r, s, blobFeeCap, blobHashes, null, null,
                authList);
    }

    /** The worked example of EIP-155, typed in from the EIP. */
    @Test
    void eip155Example() {
        Transaction legacy = tx(Transaction.LEGACY, null, UInt256.of(37),
                UInt256.of(new BigInteger("18515461264373351373200002665853028612451056578545711640558177340181847433846")),
                UInt256.of(new BigInteger("46948507304638947509940763649030358759909902576025900602547168820602576006531")),
                null, null, null);
        TransactionEncoding encoding = new TransactionEncoding();
        TransactionEncoding.Encoded encoded = encoding.encode(legacy);
        String signed = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
                + "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b38"
                + "00ccf555c9f3dc64214b297fb1966a3b6d83";
        assertEquals(signed, encoded.encoding().toHex());
        assertEquals(Hash.wrap(Keccak256.hash(Hex.decode(signed))), encoded.hash());
        assertTrue(encoded.isExact());
        assertEquals(Hash.fromHex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"),
                encoding.signingHash(legacy));
        assertEquals(UInt256.ONE, TransactionEncoding.chainId(legacy));
        assertArrayEquals(Hex.decode(signed), encoding.encodeBytes(legacy));
    }

    @Test
    void legacyChainIdFromV() {
        UInt256 one = UInt256.ONE;
        assertEquals(UInt256.ZERO, TransactionEncoding.chainId(tx(0, null, UInt256.of(27), one, one, null, null,
                null)));
        assertEquals(UInt256.of(56), TransactionEncoding.chainId(tx(0, UInt256.ZERO, UInt256.of(148), one, one, null,
                null, null)));
        assertEquals(UInt256.ZERO, TransactionEncoding.chainId(tx(0, null, null, one, one, null, null, null)));
    }

    @Test
    void nullVIsZero() {
        UInt256 one = UInt256.ONE;
        Transaction withNull = tx(Transaction.DYNAMIC_FEE, UInt256.ONE, null, one, one, null, null, null);
        Transaction withZero = tx(Transaction.DYNAMIC_FEE, UInt256.ONE, UInt256.ZERO, one, one, null, null, null);
        TransactionEncoding encoding = new TransactionEncoding();
        assertEquals(encoding.encode(withZero), encoding.encode(withNull));
        assertEquals(2, encoding.encode(withNull).encoding().get(0));
    }

    @Test
    void lossySpecimenTransactionsAreReportedNotFatal() {
        UInt256 one = UInt256.ONE;
        TransactionEncoding encoding = new TransactionEncoding();
        TransactionEncoding.Encoded blob = encoding.encode(tx(Transaction.BLOB, one, one, one, one, null, null,
                null));
        assertTrue(blob.loss().contains("blob fee cap and blob versioned hashes"), blob.loss());
        assertEquals(3, blob.encoding().get(0));
        TransactionEncoding.Encoded complete = encoding.encode(tx(Transaction.BLOB, one, one, one, one, one,
                List.of(Hash.ZERO), null));
        assertTrue(complete.isExact());
        assertNotEquals(blob.hash(), complete.hash());

        TransactionEncoding.Encoded setCode = encoding.encode(tx(Transaction.SET_CODE, one, one, one, one, null,
                null, null));
        assertTrue(setCode.loss().contains("authorization list"), setCode.loss());
        TransactionEncoding.Encoded unsigned = encoding.encode(tx(Transaction.LEGACY, null, null, null, null, null,
                null, null));
        assertTrue(unsigned.loss().contains("signature"), unsigned.loss());
    }

    @Test
    void logsHashAndBloom() {
        assertEquals(Keccak256.EMPTY_LIST, ReceiptEncoding.logsHash(List.of()));
        Address address = Address.fromHex("0x" + "11".repeat(20));
        Receipt.Log log = new Receipt.Log(address, List.of(Hash.ZERO), Bytes.EMPTY, 0, Hash.ZERO, 0, Hash.ZERO, 0,
                false);
        Bytes bloom = Bloom.of(List.of(log)).toBytes();
        int bits = 0;
        for (byte b : bloom.array()) {
            bits += Integer.bitCount(b & 0xff);
        }
        assertTrue(bits >= 1 && bits <= 6, "two values set at most six bits: " + bits);
        // OR is idempotent and the empty bloom is its identity.
        assertEquals(bloom, new Bloom().or(Bloom.of(List.of(log))).or(Bloom.of(List.of(log))).toBytes());
        assertEquals(Bytes.wrap(new byte[Bloom.SIZE]), Bloom.of(List.of()).toBytes());
        // Each value's three bits: the bit index is the low 11 bits of hash bytes (0,1), (2,3), (4,5).
        byte[] h = Keccak256.hash(address.array());
        int bit = ((h[0] & 0xff) << 8 | (h[1] & 0xff)) & 2047;
        assertTrue((bloom.get(255 - bit / 8) & (1 << (bit % 8))) != 0);
        assertNotEquals(Keccak256.EMPTY_LIST, ReceiptEncoding.logsHash(List.of(log)));
    }

    @Test
    void headerFieldAfterAMissingOneIsRejected() {
        Header header = new Header(Hash.ZERO, Keccak256.EMPTY_LIST, Address.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO,
                Bytes.wrap(new byte[256]), UInt256.ZERO, 1, 30_000_000, 0, 0, Bytes.EMPTY, Hash.ZERO,
                Bytes.wrap(new byte[8]), null, Hash.ZERO, null, null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderEncoding.hash(header));
        assertTrue(e.getMessage().contains("withdrawalsRoot") && e.getMessage().contains("baseFeePerGas"),
                e.getMessage());
        assertEquals(Keccak256.EMPTY_LIST, HeaderEncoding.unclesHash(List.of()));
    }
}
