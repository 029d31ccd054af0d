package io.cqt.refiner.evm.block;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The refiner's own result format, {@code refiner-canonical/1} (docs/RESULTS.md): Ethereum semantics (the real block
 * hash, the real gas used, mainnet transaction hashes where the specimen kept every field), the verification
 * against the header, and every loss. Keys in a fixed order, compact, UTF-8, ending with a newline.
 */
public final class CanonicalResults {
    public static final String FORMAT = "refiner-canonical/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CanonicalResults() {
    }

    public static byte[] toBytes(BlockExecution execution, Verification verification) {
        BlockReplica replica = execution.replica();
        Header h = replica.header();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode block = root.putObject("block");
        block.put("number", h.number());
        block.put("hash", HeaderEncoding.hash(h).toString());
        block.put("fork", execution.fork().displayName());
        block.put("gasUsed", execution.gasUsed());
        block.put("receiptsRoot", verification.computedReceiptsRoot().toString());
        ObjectNode v = root.putObject("verification");
        v.put("verified", verification.verified());
        v.put("headerReceiptsRoot", verification.headerReceiptsRoot().toString());
        v.put("headerGasUsed", verification.headerGasUsed());
        v.put("firstMismatch", verification.firstMismatch() == null ? null : verification.firstMismatch().toString());
        v.put("exactThrough", verification.exactThrough());
        v.put("explainedByLoss", verification.explainedByLoss());
        v.put("lossy", verification.lossy());
        ArrayNode txs = root.putArray("transactions");
        TransactionEncoding encoding = new TransactionEncoding();
        for (ExecutedReceipt r : execution.receipts()) {
            Transaction tx = replica.transactions().get(r.transactionIndex());
            TransactionEncoding.Encoded encoded = encoding.encode(tx);
            ObjectNode t = txs.addObject();
            t.put("index", r.transactionIndex());
            t.put("hash", encoded.hash().toString());
            t.put("hashExact", encoded.isExact());
            t.put("type", r.type());
            t.put("from", replica.senders().get(r.transactionIndex()).toString());
            t.put("status", r.success() ? 1 : 0);
            t.put("gasUsed", r.gasUsed());
            t.put("cumulativeGasUsed", r.cumulativeGasUsed());
            t.put("contractAddress", r.contractAddress() == null ? null : r.contractAddress().toString());
            ArrayNode logs = t.putArray("logs");
            for (Receipt.Log log : r.logs()) {
                ObjectNode l = logs.addObject();
                l.put("logIndex", log.logIndex());
                l.put("address", log.address().toString());
                ArrayNode topics = l.putArray("topics");
                for (Hash topic : log.topics()) {
                    topics.add(topic.toString());
                }
                l.put("data", log.data().toHex());
            }
        }
        ArrayNode rejected = root.putArray("rejected");
        for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(execution.rejected()).entrySet()) {
            rejected.addObject().put("index", e.getKey()).put("reason", e.getValue());
        }
        ArrayNode missing = root.putArray("missingReads");
        execution.missingReads().forEach(missing::add);
        return (root.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
