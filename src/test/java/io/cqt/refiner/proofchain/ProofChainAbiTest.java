package io.cqt.refiner.proofchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Selectors and topics against the values docs/proof-chain.md lists for the production contracts. */
class ProofChainAbiTest {
    @Test
    void selectorsAndTopicMatchTheProductionContracts() {
        assertEquals("0xba75fd2f", selector(ProofChainAbi.encodeIsSessionOpen(1, 2, Address.ZERO)));
        assertEquals("0xd5839da9", selector(ProofChainAbi.encodeGetUrls(Hash.ZERO)));
        assertEquals("0x6543413a", selector(ProofChainAbi.encodeSubmitBlockResultProof(1, 2, Hash.ZERO, Hash.ZERO, "")));
        assertEquals(Hash.fromHex("0x858deae9d885ee978c04934ceabf15ebe77ae274f3af6a05ecf3bd9880b08e1e"),
                ProofChainAbi.BLOCK_SPECIMEN_QUORUM_TOPIC);
    }

    @Test
    void revertReasonsAreReadFromEveryNodeWording() {
        JsonObject hardhat = new JsonObject().put("code", -32603).put("message",
                "Error: VM Exception while processing transaction: reverted with reason string 'Invalid chain ID'");
        JsonObject geth = new JsonObject().put("code", 3).put("message", "execution reverted: Invalid chain ID");
        // Error(string) with "Invalid chain ID", encoded by hand: selector, offset 32, length 16, padded text.
        String data = "0x08c379a0" + "00".repeat(31) + "20" + "00".repeat(31) + "10"
                + Hex.encode("Invalid chain ID".getBytes()).substring(2) + "00".repeat(16);
        JsonObject dataOnly = new JsonObject().put("code", 3).put("message", "execution reverted").put("data", data);
        for (JsonObject error : new JsonObject[] {hardhat, geth, dataOnly}) {
            assertEquals(Optional.of("Invalid chain ID"), RevertClassifier.reason(error), error::encode);
        }
        assertEquals(Disposition.FATAL, RevertClassifier.classify("Invalid chain ID"));
        assertEquals(Disposition.RETRY, RevertClassifier.classify("out of gas"));
    }

    private static String selector(byte[] call) {
        return Hex.encode(Arrays.copyOf(call, 4));
    }
}
