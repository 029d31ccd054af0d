package io.cqt.refiner.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction.AccessListEntry;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compat writer on hand-built results covering nulls, empties and zeros, and the reader's errors. */
class CompatResultWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final CompatResultWriter WRITER = new CompatResultWriter();
    private static final CompatResultReader READER = new CompatResultReader();

    private static final Hash H1 = Hash.fromHex("0x" + "11".repeat(32));
    private static final Address A1 = Address.fromHex("0x" + "ab".repeat(20));

    private static Header header(Hash requestsHash) {
        byte[] bloom = new byte[256];
        bloom[0] = (byte) 0x80;
        bloom[255] = 1;
        return new Header(H1, H1, A1, H1, H1, H1, Bytes.wrap(bloom), UInt256.ZERO, 20414765, 30_000_000, 0,
                1722286727, Bytes.EMPTY, H1, Bytes.wrap(new byte[8]), UInt256.of(1_000_000_007), null, null, null,
                null, requestsHash);
    }

    private static ResultTransaction legacyCreation() {
        return new ResultTransaction(0, List.of(), UInt256.ONE, 0, UInt256.of(7), 21000, UInt256.of(7),
                UInt256.of(7), A1, null, UInt256.ZERO, Bytes.EMPTY, UInt256.of(0x26), UInt256.ZERO, UInt256.ZERO,
                null, null, 0);
    }

    private static ResultTransaction blobTx() {
        return new ResultTransaction(3, List.of(new AccessListEntry(A1, List.of()), new AccessListEntry(A1,
                List.of(H1))), UInt256.ONE, 5, UInt256.ONE, 100_000, UInt256.ONE, UInt256.of(10), A1, A1,
                UInt256.ZERO, Bytes.fromHex("0x666f6f"), UInt256.ONE, UInt256.ONE, UInt256.ONE,
                UInt256.of(1_000_000_000), List.of(H1), 131072);
    }

    private static Receipt receipt() {
        Receipt.Log emptyData = new Receipt.Log(A1, List.of(), null, 20414765, H1, 1, H1, 3, false);
        Receipt.Log someData = new Receipt.Log(A1, List.of(H1), Bytes.fromHex("0x00ff"), 20414765, H1, 1, H1, 4,
                false);
        return new Receipt(null, 21000, H1, Address.ZERO, List.of(emptyData, someData), 21000);
    }

    private static BlockResult result(Hash requestsHash, List<BlobTxSidecar> sidecars) {
        return new BlockResult(BlockResult.TYPE, 1, H1, UInt256.ZERO, header(requestsHash),
                List.of(legacyCreation(), blobTx()), List.of(receipt(), new Receipt(Bytes.EMPTY, 1, H1, A1,
                List.of(), 1)), List.of(A1, A1), sidecars);
    }

    private static String text(BlockResult result) {
        return new String(WRITER.toBytes(result), StandardCharsets.UTF_8);
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void layoutIsGoMarshalIndent() throws IOException {
        String text = text(result(null, List.of()));
        CompatResultRoundTripTest.assertSameText(GoMarshalIndent.render(MAPPER.readTree(text)), text);
        assertFalse(text.endsWith("\n"));
    }

    @Test
    void keysComeInTheReferenceOrder() throws IOException {
        JsonNode root = MAPPER.readTree(text(result(null, List.of())));
        assertEquals(List.of("Type", "NetworkId", "Hash", "TotalDifficulty", "Header", "Transactions", "uncles",
                "Receipts", "Senders", "State", "Withdrawals", "BlobTxSidecars"), keys(root));
        assertEquals(List.of("parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot",
                "logsBloom", "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash",
                "nonce", "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot"),
                keys(root.get("Header")));
        assertEquals(List.of("type", "accessList", "chainId", "nonce", "gasPrice", "gas", "gasTipCap", "gasFeeCap",
                "from", "to", "value", "input", "v", "r", "s", "blobFeeCap", "blobHashes", "blobGas"),
                keys(root.get("Transactions").get(0)));
        assertEquals(List.of("PostStateOrStatus", "CumulativeGasUsed", "TxHash", "ContractAddress", "Logs",
                "GasUsed"), keys(root.get("Receipts").get(0)));
        assertEquals(List.of("address", "topics", "data", "blockNumber", "transactionHash", "transactionIndex",
                "blockHash", "logIndex", "removed"), keys(root.get("Receipts").get(0).get("Logs").get(0)));
    }

    @Test
    void noReleaseWritesARequestsHash() {
        for (CompatProfile profile : CompatProfiles.all()) {
            String text = new String(new CompatResultWriter(profile).toBytes(result(H1, null)), StandardCharsets.UTF_8);
            assertFalse(text.contains("requestsHash"), profile.name());
        }
    }

    @Test
    void theMarch2024LayoutEndsTransactionsAtSAndHasNoSidecars() throws IOException {
        CompatResultWriter march2024 = new CompatResultWriter(CompatProfiles.EVM_SERVER_1_2);
        String text = new String(march2024.toBytes(result(null, List.of())), StandardCharsets.UTF_8);
        CompatResultRoundTripTest.assertSameText(GoMarshalIndent.render(MAPPER.readTree(text)), text);
        JsonNode root = MAPPER.readTree(text);
        assertEquals(List.of("Type", "NetworkId", "Hash", "TotalDifficulty", "Header", "Transactions", "uncles",
                "Receipts", "Senders", "State", "Withdrawals"), keys(root));
        for (JsonNode tx : root.get("Transactions")) {
            assertEquals(List.of("type", "accessList", "chainId", "nonce", "gasPrice", "gas", "gasTipCap",
                    "gasFeeCap", "from", "to", "value", "input", "v", "r", "s"), keys(tx));
            assertTrue(tx.get("v").isNull() && tx.get("r").isNull() && tx.get("s").isNull(), tx.toString());
        }
        assertTrue(text.endsWith("\n \"Withdrawals\": null\n}"), text.substring(text.length() - 40));
    }

    @Test
    void nullEmptyAndBase64ByteSlices() {
        String text = text(result(null, null));
        assertTrue(text.contains("\"extraData\": \"\","), "empty header extra data");
        assertTrue(text.contains("\"input\": \"\","), "empty input");
        assertTrue(text.contains("\"input\": \"Zm9v\","), "input foo");
        assertTrue(text.contains("\"data\": null,"), "absent log data");
        assertTrue(text.contains("\"data\": \"AP8=\","), "log data 00ff");
        assertTrue(text.contains("\"PostStateOrStatus\": null,"), "absent status");
        assertTrue(text.contains("\"PostStateOrStatus\": \"\","), "empty status");
    }

    @Test
    void zerosEmptiesAndNulls() {
        String text = text(result(null, null));
        assertTrue(text.contains("\"TotalDifficulty\": \"0x0\","));
        assertTrue(text.contains("\"difficulty\": \"0x0\","));
        assertTrue(text.contains("\"number\": \"0x137812d\","));
        assertTrue(text.contains("\"baseFeePerGas\": \"0x3b9aca07\","));
        assertTrue(text.contains("\"gasUsed\": 0,"));
        assertTrue(text.contains("\"value\": \"0x0\","));
        assertTrue(text.contains("\"r\": \"0x0\","));
        assertTrue(text.contains("\"to\": null,"), "contract creation");
        assertTrue(text.contains("\"accessList\": [],"));
        assertTrue(text.contains("\"storageKeys\": []\n"));
        assertTrue(text.contains("\"topics\": [],"));
        assertTrue(text.contains("\"Logs\": [],"));
        assertTrue(text.contains("\"blobFeeCap\": null,\n   \"blobHashes\": null,\n   \"blobGas\": 0\n"));
        assertTrue(text.contains("\"withdrawalsRoot\": null,\n  \"blobGasUsed\": null,"));
        assertTrue(text.contains("\"uncles\": null,"));
        assertTrue(text.contains("\"State\": null,\n \"Withdrawals\": null,\n \"BlobTxSidecars\": null\n}"));
        assertTrue(text.contains("\"nonce\": [\n   0,\n   0,\n   0,\n   0,\n   0,\n   0,\n   0,\n   0\n  ],"));
        assertTrue(text.contains("\"logsBloom\": [\n   128,\n   0,\n"));
    }

    @Test
    void blobSidecarItemsAsHex() {
        BlobTxSidecar sidecar = new BlobTxSidecar(List.of(Bytes.fromHex("0x0102")), List.of(Bytes.fromHex("0xc0")),
                List.of(Bytes.fromHex("0xbeef")));
        String text = text(result(null, List.of(sidecar)));
        assertTrue(text.contains("\"BlobTxSidecars\": [\n  {\n   \"Blobs\": [\n    \"0x0102\"\n   ],\n"
                + "   \"Commitments\": [\n    \"0xc0\"\n   ],\n   \"Proofs\": [\n    \"0xbeef\"\n   ]\n  }\n ]\n}"));
    }

    @Test
    void readerRestoresEveryCase() {
        BlobTxSidecar sidecar = new BlobTxSidecar(List.of(Bytes.fromHex("0x0102")), List.of(), List.of());
        for (BlockResult result : List.of(result(null, null), result(null, List.of()),
                result(null, List.of(sidecar)))) {
            assertEquals(result, READER.read(WRITER.toBytes(result)));
        }
    }

    @Test
    void resultHashOfEmptyInputIsTheKnownDigest() {
        // FIPS 180-2 known answers for SHA-256.
        assertEquals("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ResultHashes.sha256(new byte[0]).toHex());
        assertEquals("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ResultHashes.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
    }

    private static String readError(String json) {
        return assertThrows(ResultFormatException.class,
                () -> READER.read(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void readerNamesWhatIsWrongAndWhere() {
        String valid = text(result(null, null));
        String unknown = valid.replace("\"gasLimit\":", "\"gasLimitt\":");
        assertTrue(readError(unknown).contains("unknown key \"gasLimitt\""), readError(unknown));
        assertTrue(readError(unknown).contains("/Header/gasLimitt"), readError(unknown));

        String uncles = valid.replace("\"uncles\": null", "\"uncles\": []");
        assertTrue(readError(uncles).contains("\"uncles\" is always null"), readError(uncles));

        String shortHash = valid.replace("\"Hash\": \"0x1111", "\"Hash\": \"0x11");
        assertTrue(readError(shortHash).contains("a hash is 64 hex digits"), readError(shortHash));
        assertTrue(readError(shortHash).contains("/Hash"), readError(shortHash));

        String badBloom = valid.replace("\"logsBloom\": [\n   128,", "\"logsBloom\": [\n   256,");
        assertTrue(readError(badBloom).contains("byte value 256 is not in 0-255"), readError(badBloom));

        String truncated = valid.substring(0, valid.length() / 2);
        assertTrue(readError(truncated).startsWith("block result: "), readError(truncated));
        assertFalse(readError(truncated).contains("\n"), "one line");

        assertTrue(readError("[]").contains("expected the block result object"), readError("[]"));
        assertTrue(readError("{\"Type\": \"block-result\"}").contains("missing key \"NetworkId\""));
        assertTrue(readError(valid + " {}").contains("unexpected content after the block result"));
    }
}
