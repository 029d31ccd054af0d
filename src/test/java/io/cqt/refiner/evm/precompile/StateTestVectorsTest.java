package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Precompile outputs checked against the official state tests (EEST v5.4.0) without an EVM, for the test contracts
 * whose bytecode is a bare "copy calldata, CALL the precompile, store the result" wrapper. The wrapper below stores
 * success at slot 0, the return data size at slot 1 and keccak256(return data) at slot 2.
 */
class StateTestVectorsTest {
    private static final Pattern WRAPPER = Pattern.compile(
            "0x366000600037600060003660006000(?:60(..)|61(....))(?:60(..)|61(....))f16000553d6001553d600060003e3d600020600255");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> bls12381() throws IOException {
        Path dir = SharedData.require("state-tests/prague/eip2537_bls_12_381_precompiles");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                collect(file, tests);
            }
        }
        assertTrue(tests.size() >= 10, "expected the wrapper-shaped wrapper-shaped cases, found " + tests.size());
        return tests.stream();
    }

    private static void collect(Path file, List<DynamicTest> tests) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        for (var entry : root.properties()) {
            JsonNode test = entry.getValue();
            JsonNode tx = test.get("transaction");
            if (!tx.has("to") || !test.get("post").has("Prague")) {
                continue;
            }
            String to = tx.get("to").asText();
            Matcher m = WRAPPER.matcher(test.get("pre").get(to).get("code").asText());
            if (!m.matches()) {
                continue;
            }
            int address = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2), 16);
            long callGas = Long.parseLong(m.group(3) != null ? m.group(3) : m.group(4), 16);
            for (JsonNode post : test.get("post").get("Prague")) {
                byte[] data = Hex.decode(tx.get("data").get(post.get("indexes").get("data").asInt()).asText());
                JsonNode storage = post.get("state").get(to).get("storage");
                String name = file.getFileName() + " " + entry.getKey().replaceAll(".*\\[", "[");
                tests.add(DynamicTest.dynamicTest(name, () -> check(address, callGas, data, storage)));
            }
        }
    }

    private static BigInteger slot(JsonNode storage, String key) {
        JsonNode value = storage.get(key);
        return value == null ? BigInteger.ZERO : new BigInteger(value.asText().substring(2), 16);
    }

    private static void check(int address, long callGas, byte[] data, JsonNode storage) {
        Precompile precompile = MainnetPrecompiles.forFork(Fork.PRAGUE).get(PrecompileSet.address(address));
        boolean success;
        byte[] output;
        if (precompile.gas(data) > callGas) {
            success = false;
            output = new byte[0];
        } else {
            PrecompileResult result = precompile.run(data);
            success = result.success();
            output = result.output();
        }
        assertEquals(slot(storage, "0x00"), success ? BigInteger.ONE : BigInteger.ZERO, "success");
        assertEquals(slot(storage, "0x01"), BigInteger.valueOf(output.length), "output length");
        assertEquals(slot(storage, "0x02"), new BigInteger(1, Keccak256.hash(output)), "keccak(output)");
    }

    /** EIP-4844 valid point-evaluation inputs: they verify only with the mainnet trusted setup. */
    @TestFactory
    Stream<DynamicTest> kzgPointEvaluation() throws IOException {
        Path file = SharedData.require("state-tests/cancun/eip4844_blobs/test_valid_inputs.json");
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode root = JSON.readTree(file.toFile());
        for (var entry : root.properties()) {
            JsonNode test = entry.getValue();
            JsonNode tx = test.get("transaction");
            if (!tx.has("to") || !test.get("pre").get(tx.get("to").asText()).get("code").asText()
                    .startsWith("0x366000600037604060003660006000600a61c350f1")) {
                continue;
            }
            for (JsonNode post : test.get("post").elements().next()) {
                byte[] data = Hex.decode(tx.get("data").get(post.get("indexes").get("data").asInt()).asText());
                JsonNode storage = post.get("state").get(tx.get("to").asText()).get("storage");
                tests.add(DynamicTest.dynamicTest(entry.getKey().replaceAll(".*\\[", "["), () -> {
                    PrecompileResult result = MainnetPrecompiles.forFork(Fork.CANCUN)
                            .get(PrecompileSet.address(0x0a)).run(data);
                    assertEquals(slot(storage, "0x00"), result.success() ? BigInteger.ONE : BigInteger.ZERO);
                    assertEquals(slot(storage, "0x03"), BigInteger.valueOf(result.output().length));
                }));
            }
        }
        assertTrue(!tests.isEmpty());
        return tests.stream();
    }
}
