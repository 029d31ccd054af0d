package io.cqt.refiner.pipeline;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.BlockVerifier;
import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evm.block.ReferenceFailure;
import io.cqt.refiner.evm.block.Verification;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.rule.TraceRule;
import io.cqt.refiner.rule.TracedRules;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execute stage's work on one specimen, apart from the event bus: the run with the specimen's known losses
 * repaired, its check against the header, the reference release's own run where its bytes need a different one,
 * and the release's bytes. {@link ExecuteVerticle} runs it for the pipeline, {@code bench --pipeline} to measure the
 * stage's own cost beside the pipeline's. Thread-safe: its executors share a code cache and keep no worlds.
 */
public final class ExecuteStage {
    // Verification repairs the known losses to compare with mainnet's header; the bytes follow the configured
    // reference release, which repairs none (evm-server-compat.md); it reuses the first run where they agree.
    private final BlockExecutor verifying;
    private final ReferenceExecutor reference;
    private final boolean proveLossy;

    /**
     * @param proveLossy whether a result explained only by a known specimen loss goes on (flagged) or is refused
     * @param profile    the reference release whose bytes are proved
     * @param codeCache  checked and analysed code, shared by both executors (and by whoever else runs the same blocks)
     */
    public ExecuteStage(boolean proveLossy, CompatProfile profile, CodeCache codeCache) {
        this.proveLossy = proveLossy;
        this.verifying = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true, codeCache);
        this.reference = new ReferenceExecutor(profile, codeCache);
    }

    public CompatProfile profile() {
        return reference.profile();
    }

    /**
     * One block's result.
     *
     * @param lossy          the known loss that explains where the block differs from its header, or null when it
     *                       verified exactly
     * @param outputs        the trace rules' outputs, by rule name
     * @param layoutVerified false for a fork whose reference release's bytes are not public
     */
    public record Refined(long block, byte[] result, Map<String, byte[]> outputs, String lossy, long gas,
                          boolean layoutVerified, ExecutePhases phases) {
    }

    /** A block that has no result to prove; the message says why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Executes, checks and writes one specimen's block, with the tracers of {@code rules} riding along the verified
     * run.
     *
     * @throws Refused          when the block does not verify, or differs where only a loss explains it and lossy
     *                          results are not proved, or the reference release fails on it
     * @throws RuntimeException when the specimen cannot be executed at all
     */
    public Refined refine(Specimen specimen, List<TraceRule<?>> rules) {
        BlockReplica replica = specimen.replica();
        long runStarted = System.nanoTime();
        BlockExecution execution;
        Verification verification;
        Map<String, byte[]> outputs = new LinkedHashMap<>();
        if (rules.isEmpty()) {
            execution = verifying.execute(replica);
            verification = new BlockVerifier().verify(execution, replica.receipts());
        } else {
            // One execution for the result and the traces, verified the same way as without tracers.
            TracedRules.Result traced = TracedRules.apply(specimen, rules, verifying);
            execution = traced.execution();
            verification = traced.verification();
            traced.outputs().forEach((rule, output) -> outputs.put(rule, output.bytes()));
        }
        if (!verification.acceptable()) {
            throw new Refused("block " + replica.number() + " does not verify against its header: "
                    + verification.firstMismatch());
        }
        String lossy = null;
        if (!verification.verified()) {
            if (!proveLossy) {
                throw new Refused("block " + replica.number() + " differs from its header where its specimen's loss "
                        + "explains it (" + verification.lossy() + "); the loss policy is abort");
            }
            lossy = String.valueOf(verification.lossy());
        }
        long referenceStarted = System.nanoTime();
        BlockExecution forBytes;
        try {
            forBytes = reference.execute(replica, execution);
        } catch (ReferenceFailure e) {
            throw new Refused(profile().name() + (e.panic() ? " panics" : " fails") + " on block " + replica.number()
                    + ", so it has no result to prove: " + e.getMessage());
        }
        long bytesStarted = System.nanoTime();
        byte[] result = reference.bytes(forBytes);
        // Deciding that the verified run serves the release too is counted with that run: no reference run.
        boolean ownRun = forBytes != execution;
        ExecutePhases phases = new ExecutePhases((ownRun ? referenceStarted : bytesStarted) - runStarted,
                ownRun ? bytesStarted - referenceStarted : 0, System.nanoTime() - bytesStarted);
        return new Refined(replica.number(), result, outputs, lossy, replica.header().gasUsed(),
                profile().layoutVerifiedFor(forBytes.fork()), phases);
    }
}
