package io.cqt.refiner.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule outputs' envelope: one JSON array per block, one element per transaction in block order,
 * {@code {"txHash", "index", "result", "lossy", "lossReasons"}}; {@code lossy} and {@code lossReasons} only when a
 * loss reaches the transaction, {@code error} instead of {@code result} for one the re-execution rejected. One element
 * a line, so a block's file diffs and greps line by line.
 */
public final class TraceEnvelope {
    /**
     * A call tree can nest 1025 frames, two JSON levels each (the frame and its {@code calls}): above Jackson's
     * default bound of 1000 levels, so reading and writing both allow more.
     */
    private static final int MAX_DEPTH = 4 * 1025 + 16;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    /** What a written envelope holds, for the rule's metadata. */
    public record Written(byte[] bytes, int traced, int lossy, int rejected) {
    }

    private TraceEnvelope() {
    }

    /**
     * @param results    each traced transaction's result, by index
     * @param moreLosses per index, losses the tracer saw beyond the block's (an account of lost code in the trace)
     */
    public static Written write(TracedBlock block, Map<Integer, ObjectNode> results,
                                Map<Integer, List<String>> moreLosses) {
        StringBuilder out = new StringBuilder("[");
        int traced = 0;
        int lossy = 0;
        int rejected = 0;
        for (int i = 0; i < block.transactionCount(); i++) {
            ObjectNode e = MAPPER.createObjectNode();
            e.put("txHash", block.hash(i).toString());
            e.put("index", i);
            ObjectNode result = results.get(i);
            String rejection = block.rejection(i);
            if (result != null) {
                e.set("result", result);
                traced++;
            } else {
                e.put("error", rejection != null ? rejection : "not traced");
                rejected++;
            }
            List<String> why = new ArrayList<>(block.losses(i));
            why.addAll(moreLosses.getOrDefault(i, List.of()));
            if (!why.isEmpty()) {
                e.put("lossy", true);
                why.forEach(e.putArray("lossReasons")::add);
                lossy++;
            }
            out.append(i == 0 ? "\n" : ",\n").append(text(e));
        }
        out.append(block.transactionCount() == 0 ? "]\n" : "\n]\n");
        return new Written(out.toString().getBytes(StandardCharsets.UTF_8), traced, lossy, rejected);
    }

    /** A mapper that reads and writes traces as deep as a call tree gets. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String text(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
