package io.cqt.refiner.rlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RlpTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String s) {
        return Hex.decode(s);
    }

    // Examples from the RLP article of the Ethereum wiki / Yellow Paper appendix B, typed in as facts.

    @Test
    void dog() {
        assertArrayEquals(hex("83646f67"), new RlpWriter().writeBytes(ascii("dog")).toByteArray());
        assertArrayEquals(ascii("dog"), new RlpReader(hex("83646f67")).readBytes());
    }

    @Test
    void catDogList() {
        byte[] expected = hex("c88363617483646f67");
        byte[] encoded = new RlpWriter().startList().writeBytes(ascii("cat")).writeBytes(ascii("dog")).endList()
                .toByteArray();
        assertArrayEquals(expected, encoded);
        RlpReader reader = new RlpReader(expected);
        assertEquals(8, reader.enterList());
        assertArrayEquals(ascii("cat"), reader.readBytes());
        assertArrayEquals(ascii("dog"), reader.readBytes());
        assertFalse(reader.hasNext());
        reader.leaveList();
        reader.requireEnd();
    }

    @Test
    void emptyStringAndEmptyList() {
        assertArrayEquals(hex("80"), new RlpWriter().writeBytes(new byte[0]).toByteArray());
        assertArrayEquals(hex("c0"), new RlpWriter().startList().endList().toByteArray());
        assertArrayEquals(hex("c0"), new RlpWriter().writeEmptyList().toByteArray());
    }

    @Test
    void integers() {
        assertArrayEquals(hex("80"), new RlpWriter().writeLong(0).toByteArray());
        assertArrayEquals(hex("0f"), new RlpWriter().writeLong(15).toByteArray());
        assertArrayEquals(hex("820400"), new RlpWriter().writeLong(1024).toByteArray());
        assertArrayEquals(hex("80"), new RlpWriter().writeUInt256(UInt256.ZERO).toByteArray());
        assertArrayEquals(hex("820400"), new RlpWriter().writeUInt256(UInt256.of(1024)).toByteArray());
        assertEquals(0, new RlpReader(hex("80")).readLong());
        assertEquals(15, new RlpReader(hex("0f")).readLong());
        assertEquals(1024, new RlpReader(hex("820400")).readLong());
        assertEquals(UInt256.of(1024), new RlpReader(hex("820400")).readUInt256());
        // The byte 0x00 is the string "\0", as in the wiki's "encoded integer 0" example.
        assertArrayEquals(hex("00"), new RlpWriter().writeBytes(new byte[] {0}).toByteArray());
    }

    @Test
    void setTheoreticalThree() {
        // [ [], [[]], [ [], [[]] ] ]
        byte[] expected = hex("c7c0c1c0c3c0c1c0");
        RlpWriter w = new RlpWriter();
        w.startList();
        w.startList().endList();
        w.startList().startList().endList().endList();
        w.startList().startList().endList().startList().startList().endList().endList().endList();
        w.endList();
        assertArrayEquals(expected, w.toByteArray());
        assertEquals(List.of(List.of(), List.of(List.of()), List.of(List.of(), List.of(List.of()))),
                decodeTree(new RlpReader(expected)));
    }

    @Test
    void longString() {
        byte[] lorem = ascii("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
        byte[] encoded = new RlpWriter().writeBytes(lorem).toByteArray();
        assertEquals(0xb8, encoded[0] & 0xff);
        assertEquals(0x38, encoded[1]);
        assertEquals(58, encoded.length);
        assertArrayEquals(lorem, new RlpReader(encoded).readBytes());
    }

    @Test
    void largeUInt256() {
        UInt256 max = UInt256.MAX;
        byte[] encoded = new RlpWriter().writeUInt256(max).toByteArray();
        assertEquals(33, encoded.length);
        assertEquals(0xa0, encoded[0] & 0xff);
        assertEquals(max, new RlpReader(encoded).readUInt256());
        UInt256 nineBytes = UInt256.fromBytes(hex("010000000000000000"));
        assertArrayEquals(hex("89010000000000000000"), new RlpWriter().writeUInt256(nineBytes).toByteArray());
    }

    @Test
    void keccakAndWriteToMatchTheBytes() {
        RlpWriter w = new RlpWriter(16);
        w.startList();
        for (int i = 0; i < 100; i++) {
            w.startList().writeLong(i).writeBytes(new byte[i]).endList();
        }
        w.endList();
        byte[] bytes = w.toByteArray();
        assertArrayEquals(Keccak256.hash(bytes), w.keccak());
        byte[] target = new byte[bytes.length + 3];
        assertEquals(bytes.length + 3, w.writeTo(target, 3));
        assertArrayEquals(bytes, java.util.Arrays.copyOfRange(target, 3, target.length));
        assertArrayEquals(bytes, encodeReference(decodeTree(new RlpReader(bytes))));
    }

    @Test
    void resetReusesTheWriter() {
        RlpWriter w = new RlpWriter();
        w.startList().writeBytes(ascii("cat")).endList().toByteArray();
        w.reset();
        assertArrayEquals(hex("83646f67"), w.writeBytes(ascii("dog")).toByteArray());
    }

    @Test
    void writeRawEmbedsAnEncodedItem() {
        byte[] inner = new RlpWriter().startList().writeBytes(ascii("cat")).endList().toByteArray();
        byte[] outer = new RlpWriter().startList().writeRaw(inner).writeBytes(ascii("dog")).endList().toByteArray();
        assertArrayEquals(hex("c9c48363617483646f67"), outer);
        RlpReader r = new RlpReader(outer);
        r.enterList();
        assertArrayEquals(inner, r.readRaw());
        r.skip();
        r.leaveList();
        r.requireEnd();
    }

    @Test
    void unbalancedListsAreRejected() {
        assertThrows(IllegalStateException.class, () -> new RlpWriter().endList());
        assertThrows(IllegalStateException.class, () -> new RlpWriter().startList().toByteArray());
    }

    // Malformed input: each error is an RlpException naming the offset.

    @Test
    void singleByteEncodedAsString() {
        RlpException e = assertThrows(RlpException.class, () -> new RlpReader(hex("8105")).readBytes());
        assertTrue(e.getMessage().contains("single byte") && e.getMessage().contains("offset 0"), e.getMessage());
        // 0x81 0x80 is canonical: 0x80 needs the prefix.
        assertArrayEquals(hex("80"), new RlpReader(hex("8180")).readBytes());
    }

    @Test
    void shortLengthInLongForm() {
        RlpException e = assertThrows(RlpException.class, () -> new RlpReader(hex("b80161")).readBytes());
        assertTrue(e.getMessage().contains("non-canonical"), e.getMessage());
        assertThrows(RlpException.class, () -> new RlpReader(hex("f80180")).enterList());
    }

    @Test
    void lengthWithLeadingZero() {
        byte[] input = new byte[3 + 56];
        input[0] = (byte) 0xb9;
        input[1] = 0;
        input[2] = 56;
        RlpException e = assertThrows(RlpException.class, () -> new RlpReader(input).readBytes());
        assertTrue(e.getMessage().contains("leading zero"), e.getMessage());
    }

    @Test
    void truncatedString() {
        RlpException e = assertThrows(RlpException.class, () -> new RlpReader(hex("83646f")).readBytes());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("offset 0"), e.getMessage());
        assertThrows(RlpException.class, () -> new RlpReader(hex("b9")).readBytes());
        assertThrows(RlpException.class, () -> new RlpReader(new byte[0]).readBytes());
    }

    @Test
    void itemOverrunningItsList() {
        // A list of 2 bytes whose item declares 3.
        RlpReader r = new RlpReader(hex("c283646f67"));
        r.enterList();
        RlpException e = assertThrows(RlpException.class, r::readBytes);
        assertTrue(e.getMessage().contains("offset 1"), e.getMessage());
    }

    @Test
    void readingPastTheEndOfAList() {
        RlpReader r = new RlpReader(hex("c18001"));
        r.enterList();
        r.readBytes();
        RlpException e = assertThrows(RlpException.class, r::readBytes);
        assertTrue(e.getMessage().contains("enclosing list") && e.getMessage().contains("offset 2"),
                e.getMessage());
    }

    @Test
    void leavingAListWithUnreadItems() {
        RlpReader r = new RlpReader(hex("c28001"));
        r.enterList();
        r.readBytes();
        RlpException e = assertThrows(RlpException.class, r::leaveList);
        assertTrue(e.getMessage().contains("offset 2"), e.getMessage());
    }

    @Test
    void integerWithLeadingZero() {
        RlpException e = assertThrows(RlpException.class, () -> new RlpReader(hex("820004")).readLong());
        assertTrue(e.getMessage().contains("leading zero"), e.getMessage());
        assertThrows(RlpException.class, () -> new RlpReader(hex("00")).readLong());
        assertThrows(RlpException.class, () -> new RlpReader(hex("820004")).readUInt256());
        assertThrows(RlpException.class, () -> new RlpReader(hex("88ffffffffffffffff")).readLong());
        // writeLong reads its argument as unsigned; such a value is read back as a UInt256.
        byte[] unsigned = new RlpWriter().writeLong(-1).toByteArray();
        assertArrayEquals(hex("88ffffffffffffffff"), unsigned);
        assertEquals(UInt256.ofUnsigned(-1), new RlpReader(unsigned).readUInt256());
        assertThrows(RlpException.class, () -> new RlpReader(hex("c0")).readLong());
        assertThrows(RlpException.class, () -> new RlpReader(hex("80")).enterList());
    }

    @Test
    void trailingData() {
        RlpReader r = new RlpReader(hex("8001"));
        r.readBytes();
        assertThrows(RlpException.class, r::requireEnd);
    }

    // Round-trip properties over random nested structures, checked against a naive recursive encoder.

    @Test
    void randomStructuresRoundTrip() {
        Random random = new Random(20240601);
        RlpWriter writer = new RlpWriter(8);
        for (int i = 0; i < 2000; i++) {
            Object tree = randomTree(random, 0);
            writer.reset();
            writeTree(writer, tree);
            byte[] encoded = writer.toByteArray();
            assertArrayEquals(encodeReference(tree), encoded, "tree " + i);
            assertEquals(encoded.length, writer.encodedLength());
            RlpReader reader = new RlpReader(encoded);
            assertTreeEquals(tree, decodeTree(reader));
            reader.requireEnd();
        }
    }

    @Test
    void randomIntegersRoundTrip() {
        Random random = new Random(7);
        RlpWriter writer = new RlpWriter();
        for (int i = 0; i < 5000; i++) {
            long value = random.nextLong() >>> (1 + random.nextInt(63));
            byte[] encoded = writer.reset().writeLong(value).toByteArray();
            assertArrayEquals(encodeReference(minimal(BigInteger.valueOf(value))), encoded);
            assertEquals(value, new RlpReader(encoded).readLong());

            BigInteger big = new BigInteger(random.nextInt(257), random);
            encoded = writer.reset().writeUInt256(UInt256.of(big)).toByteArray();
            assertArrayEquals(encodeReference(minimal(big)), encoded);
            assertEquals(big, new RlpReader(encoded).readUInt256().toBigInteger());
        }
    }

    private static byte[] minimal(BigInteger value) {
        byte[] b = value.toByteArray();
        int start = 0;
        while (start < b.length && b[start] == 0) {
            start++;
        }
        return java.util.Arrays.copyOfRange(b, start, b.length);
    }

    private static Object randomTree(Random random, int depth) {
        if (depth > 4 || random.nextInt(3) > 0) {
            int kind = random.nextInt(4);
            int length = switch (kind) {
                case 0 -> random.nextInt(2);
                case 1 -> random.nextInt(56);
                case 2 -> 56 + random.nextInt(200);
                default -> random.nextInt(50) > 0 ? random.nextInt(1000) : 65_000 + random.nextInt(2000);
            };
            byte[] b = new byte[length];
            random.nextBytes(b);
            return b;
        }
        int size = random.nextInt(depth == 0 ? 60 : random.nextBoolean() ? 4 : 10);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(randomTree(random, depth + 1));
        }
        return list;
    }

    private static void writeTree(RlpWriter w, Object tree) {
        if (tree instanceof byte[] b) {
            w.writeBytes(b);
        } else {
            w.startList();
            for (Object item : (List<?>) tree) {
                writeTree(w, item);
            }
            w.endList();
        }
    }

    private static Object decodeTree(RlpReader r) {
        if (!r.nextIsList()) {
            return r.readBytes();
        }
        r.enterList();
        List<Object> list = new ArrayList<>();
        while (r.hasNext()) {
            list.add(decodeTree(r));
        }
        r.leaveList();
        return list;
    }

    private static void assertTreeEquals(Object expected, Object actual) {
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
        } else {
            List<?> e = (List<?>) expected;
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size());
            for (int i = 0; i < e.size(); i++) {
                assertTreeEquals(e.get(i), a.get(i));
            }
        }
    }

    /** The definition, followed literally: encode the children, concatenate, prefix. */
    private static byte[] encodeReference(Object tree) {
        if (tree instanceof byte[] b) {
            if (b.length == 1 && (b[0] & 0xff) < 0x80) {
                return b;
            }
            return concat(prefix(0x80, b.length), b);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (Object item : (List<?>) tree) {
            payload.writeBytes(encodeReference(item));
        }
        byte[] p = payload.toByteArray();
        return concat(prefix(0xc0, p.length), p);
    }

    private static byte[] prefix(int base, int length) {
        if (length < 56) {
            return new byte[] {(byte) (base + length)};
        }
        byte[] len = minimal(BigInteger.valueOf(length));
        return concat(new byte[] {(byte) (base + 55 + len.length)}, len);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
