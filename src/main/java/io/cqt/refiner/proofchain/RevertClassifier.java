package io.cqt.refiner.proofchain;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a revert of {@code submitBlockResultProof} to a {@link Disposition}. Nodes word reverts differently
 * (Hardhat: "reverted with reason string 'R'", geth: "execution reverted: R" with {@code Error(string)} data),
 * so the reason is taken from the message, then from the data, then matched by containment.
 */
public final class RevertClassifier {
    private static final Map<String, Disposition> REASONS = Map.ofEntries(
            Map.entry("Invalid specimen hash", Disposition.ABORT),
            Map.entry("Invalid result hash", Disposition.ABORT),
            Map.entry("Invalid storage URL", Disposition.ABORT),
            Map.entry("Sender is not BLOCK_RESULT_PRODUCER_ROLE", Disposition.FATAL),
            Map.entry("Invalid chain ID", Disposition.FATAL),
            Map.entry("Invalid block height", Disposition.SKIP),
            Map.entry("Session submissions have closed", Disposition.SKIP),
            Map.entry("Block height is out of bounds for live sync", Disposition.SKIP),
            Map.entry("Max submissions limit exceeded", Disposition.SKIP),
            Map.entry("Validator is not enabled", Disposition.FATAL),
            Map.entry("Insufficiently staked to submit", Disposition.FATAL),
            Map.entry("Operator already submitted for the provided block hash", Disposition.ALREADY_PROVED));

    private static final Pattern HARDHAT = Pattern.compile("reverted with reason string '(.*)'", Pattern.DOTALL);
    private static final Pattern GETH = Pattern.compile("execution reverted: (.*)", Pattern.DOTALL);

    private RevertClassifier() {
    }

    /** A reason with its disposition; the reason is empty when none could be read. */
    public record Revert(String reason, Disposition disposition) {
    }

    public static Disposition classify(String reason) {
        return REASONS.getOrDefault(reason, Disposition.RETRY);
    }

    /** Classifies a failure of {@code eth_estimateGas} / {@code eth_call}: only error objects can be reverts. */
    public static Revert classify(Throwable failure) {
        if (!(failure instanceof RpcException rpc) || rpc.kind() != RpcException.Kind.ERROR_OBJECT) {
            return new Revert("", Disposition.RETRY);
        }
        Optional<String> reason = reason(rpc.error());
        if (reason.isPresent()) {
            return new Revert(reason.get(), classify(reason.get()));
        }
        String message = String.valueOf(rpc.error().getValue("message"));
        for (Map.Entry<String, Disposition> known : REASONS.entrySet()) {
            if (message.contains(known.getKey())) {
                return new Revert(known.getKey(), known.getValue());
            }
        }
        return new Revert("", Disposition.RETRY);
    }

    /** The revert reason in a JSON-RPC error object: from its message, else from its {@code Error(string)} data. */
    static Optional<String> reason(JsonObject error) {
        String message = String.valueOf(error.getValue("message"));
        for (Pattern pattern : new Pattern[] {HARDHAT, GETH}) {
            Matcher m = pattern.matcher(message);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return revertData(error.getValue("data")).flatMap(ProofChainAbi::decodeRevertReason);
    }

    // Nodes put the payload in data directly (geth) or in data.data (Hardhat).
    private static Optional<String> revertData(Object data) {
        if (data instanceof String s) {
            return Optional.of(s);
        }
        if (data instanceof JsonObject o && o.getValue("data") instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }
}
