package io.cqt.refiner.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpReader;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Transactions of every type rebuilt from the state tests' JSON fields must encode to the fixture's own
 * {@code txbytes}, and the signing hash must be what the fixture's {@code secretKey} signed (checked with ECDSA
 * verification, independent of this code). Only the signature values are taken from {@code txbytes}.
 */
class StateTestTransactionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(SECP256K1.getCurve(), SECP256K1.getG(),
            SECP256K1.getN(), SECP256K1.getH());
    /** The state tests run on chain id 1. */
    private static final UInt256 CHAIN_ID = UInt256.ONE;

    @Test
    void sampleOfStateTestTransactions() throws IOException {
        check(8);
    }

    @Tag("slow")
    @Test
    void allStateTestTransactions() throws IOException {
        check(1);
    }

    private static void check(int every) throws IOException {
        Path root = SharedData.require("state-tests");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<Integer, Integer> byType = new TreeMap<>();
        TransactionEncoding encoding = new TransactionEncoding();
        for (int f = 0; f < files.size(); f++) {
            boolean sampled = f % every == 0;
            JsonNode cases = JSON.readTree(files.get(f).toFile());
            for (Map.Entry<String, JsonNode> testCase : cases.properties()) {
                JsonNode tx = testCase.getValue().get("transaction");
                int type = typeOf(tx);
                // Files are sampled, but the rarer types are always taken so that each type is covered.
                if (!sampled && type == Transaction.LEGACY) {
                    continue;
                }
                for (JsonNode fork : testCase.getValue().get("post")) {
                    for (JsonNode post : fork) {
                        String where = files.get(f).getFileName() + " " + testCase.getKey();
                        checkOne(encoding, tx, post, type, where);
                        byType.merge(type, 1, Integer::sum);
                    }
                }
            }
        }
        for (int type = 0; type <= 4; type++) {
            assertTrue(byType.getOrDefault(type, 0) > 0, "no transaction of type " + type + " checked: " + byType);
        }
    }

    private static void checkOne(TransactionEncoding encoding, JsonNode tx, JsonNode post, int type, String where) {
        byte[] txBytes = Hex.decode(post.get("txbytes").asText());
        JsonNode indexes = post.get("indexes");
        UInt256[] signature = signatureOf(txBytes, type);
        Transaction transaction = build(tx, type, indexes.get("data").asInt(), indexes.get("gas").asInt(),
                indexes.get("value").asInt(), signature);
        TransactionEncoding.Encoded encoded = encoding.encode(transaction);
        assertEquals(Hex.encode(txBytes), encoded.encoding().toHex(), where);
        assertEquals(Hash.wrap(Keccak256.hash(txBytes)), encoded.hash(), where);
        assertTrue(encoded.isExact(), where);

        BigInteger secret = new BigInteger(1, Hex.decode(tx.get("secretKey").asText()));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(DOMAIN.getG().multiply(secret).normalize(), DOMAIN));
        assertTrue(verifier.verifySignature(encoding.signingHash(transaction).array(),
                signature[1].toBigInteger(), signature[2].toBigInteger()), "signature over the signing hash: " + where);
    }

    private static int typeOf(JsonNode tx) {
        if (tx.has("authorizationList")) {
            return Transaction.SET_CODE;
        }
        if (tx.has("blobVersionedHashes")) {
            return Transaction.BLOB;
        }
        if (tx.has("maxFeePerGas")) {
            return Transaction.DYNAMIC_FEE;
        }
        return tx.has("accessLists") ? Transaction.ACCESS_LIST : Transaction.LEGACY;
    }

    /** v (or yParity), r, s: the last three items of the encoded transaction. */
    private static UInt256[] signatureOf(byte[] txBytes, int type) {
        int offset = type == Transaction.LEGACY ? 0 : 1;
        if (type != Transaction.LEGACY) {
            assertEquals(type, txBytes[0], "the fixture's type byte");
        }
        RlpReader reader = new RlpReader(txBytes, offset, txBytes.length - offset);
        reader.enterList();
        List<byte[]> items = new ArrayList<>();
        while (reader.hasNext()) {
            items.add(reader.readRaw());
        }
        int n = items.size();
        return new UInt256[] {new RlpReader(items.get(n - 3)).readUInt256(),
            new RlpReader(items.get(n - 2)).readUInt256(), new RlpReader(items.get(n - 1)).readUInt256()};
    }

    private static Transaction build(JsonNode tx, int type, int data, int gas, int value, UInt256[] signature) {
        String to = tx.path("to").asText("");
        UInt256 gasPrice = tx.has("gasPrice") ? quantity(tx.get("gasPrice")) : null;
        List<Transaction.AccessListEntry> accessList = new ArrayList<>();
        if (tx.has("accessLists") && !tx.get("accessLists").get(data).isNull()) {
            for (JsonNode entry : tx.get("accessLists").get(data)) {
                List<Hash> keys = new ArrayList<>();
                entry.get("storageKeys").forEach(k -> keys.add(Hash.wrap(Hex.decodeFixed(k.asText(), 32))));
                accessList.add(new Transaction.AccessListEntry(Address.fromHex(entry.get("address").asText()), keys));
            }
        }
        List<Hash> blobHashes = null;
        if (tx.has("blobVersionedHashes")) {
            blobHashes = new ArrayList<>();
            for (JsonNode h : tx.get("blobVersionedHashes")) {
                blobHashes.add(Hash.fromHex(h.asText()));
            }
        }
        List<Transaction.Authorization> authList = null;
        if (tx.has("authorizationList")) {
            authList = new ArrayList<>();
            for (JsonNode a : tx.get("authorizationList")) {
                authList.add(new Transaction.Authorization(quantity(a.get("chainId")),
                        Address.fromHex(a.get("address").asText()), quantity(a.get("nonce")).u0(),
                        quantity(a.get("yParity")), quantity(a.get("r")), quantity(a.get("s"))));
            }
        }
        return new Transaction(type, accessList, type == Transaction.LEGACY ? null : CHAIN_ID,
                quantity(tx.get("nonce")).u0(), gasPrice,
                tx.has("maxPriorityFeePerGas") ? quantity(tx.get("maxPriorityFeePerGas")) : gasPrice,
                tx.has("maxFeePerGas") ? quantity(tx.get("maxFeePerGas")) : gasPrice,
                quantity(tx.get("gasLimit").get(gas)).u0(),
                null, to.isEmpty() ? null : Address.fromHex(to),
                quantity(tx.get("value").get(value)),
                Bytes.wrap(Hex.decode(tx.get("data").get(data).asText())),
                signature[0], signature[1], signature[2],
                tx.has("maxFeePerBlobGas") ? quantity(tx.get("maxFeePerBlobGas")) : null,
                blobHashes, null, null, authList);
    }

    private static UInt256 quantity(JsonNode node) {
        return UInt256.fromHex(node.asText());
    }

}
