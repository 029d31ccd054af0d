package io.cqt.refiner.pipeline;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.BlockVerifier;
import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evm.block.ReferenceFailure;
import io.cqt.refiner.evm.block.Verification;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.rule.TraceRule;
import io.cqt.refiner.rule.TracedRules;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-executes a specimen on the embedded EVM and checks the result against the block's header. A result whose
 * difference from the header no known loss explains is refused (abort): it is never written, pinned or proved.
 * A worker verticle on the EVM's own pool; several instances run blocks in parallel.
 */
public final class ExecuteVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ExecuteVerticle.class);
    /** {@code pid@host}: names this node in the log line of each executed block, which matters in a cluster. */
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    // Verification repairs the known losses to compare with mainnet's header; the bytes follow the configured
    // reference release, which repairs none (evm-server-compat.md); it reuses the first run where they agree.
    private final BlockExecutor verifying;
    private final BlockVerifier verifier = new BlockVerifier();
    private final ReferenceExecutor reference;
    private final boolean proveLossy;
    /** The trace rules this stage can run, by name; each request names those it wants ({@link #RULES_HEADER}). */
    private final Map<String, TraceRule<?>> traceRules;

    /** The default profile's bytes; results explained by a known specimen loss go on, flagged. */
    public ExecuteVerticle() {
        this(true, CompatProfiles.DEFAULT);
    }

    /**
     * @param proveLossy whether a result explained only by a known specimen loss goes on (flagged) or aborts
     * @param profile    the reference release whose bytes are proved
     */
    public ExecuteVerticle(boolean proveLossy, CompatProfile profile) {
        this(proveLossy, profile, List.of(), CodeCache.withDefaultBound());
    }

    /**
     * @param traceRules the trace rules this stage can run. A request names those its item needs
     *                   ({@link #RULES_HEADER}): their tracers ride along the verifying execution and their outputs
     *                   go back in the reply beside the result (the same bytes {@code refine --rule} writes for the
     *                   specimen). So the leader that sent the block decides, whatever rules this node was started
     *                   with: in a cluster the block may run on any node.
     */
    public ExecuteVerticle(boolean proveLossy, CompatProfile profile, List<TraceRule<?>> traceRules) {
        this(proveLossy, profile, traceRules, CodeCache.withDefaultBound());
    }

    /**
     * @param codeCache checked and analysed code, shared by every instance of this stage in the process (and by both
     *                  of an instance's executors), so each contract is hashed, analysed and held once
     */
    public ExecuteVerticle(boolean proveLossy, CompatProfile profile, List<TraceRule<?>> traceRules,
                           CodeCache codeCache) {
        this.proveLossy = proveLossy;
        this.verifying = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true, codeCache);
        this.reference = new ReferenceExecutor(profile, codeCache);
        Map<String, TraceRule<?>> byName = new LinkedHashMap<>();
        traceRules.forEach(rule -> byName.put(rule.name(), rule));
        this.traceRules = Map.copyOf(byName);
    }

    /** Reply header set when the result differs from the header where the specimen's known loss explains it. */
    public static final String LOSSY_HEADER = "refiner-lossy";
    /** Reply header naming the reference release whose bytes the result holds. */
    public static final String COMPAT_HEADER = "refiner-compat";
    /** Request header: the trace rules whose outputs the reply must carry, by name, comma-separated; absent: none. */
    public static final String RULES_HEADER = "refiner-rules";

    @Override
    public Future<?> start() {
        return vertx.eventBus().<WorkMessage>consumer(Addresses.EXECUTE, this::execute).completion();
    }

    private void execute(Message<WorkMessage> message) {
        long started = System.nanoTime();
        WorkMessage work = message.body();
        List<TraceRule<?>> wanted = new ArrayList<>();
        String names = message.headers().get(RULES_HEADER);
        if (names != null && !names.isEmpty()) {
            for (String name : names.split(",")) {
                TraceRule<?> rule = traceRules.get(name);
                if (rule == null) {
                    // Another node (the leader's own, at least) can run it.
                    message.fail(Failures.RETRY, "node " + NODE + " has no trace rule '" + name + "'");
                    return;
                }
                wanted.add(rule);
            }
        }
        byte[] result;
        Map<String, byte[]> outputs = new LinkedHashMap<>();
        String lossy = null;
        long gas;
        boolean layoutVerified;
        ExecutePhases phases;
        try {
            Specimen specimen = work.specimen() != null ? work.specimen() : SpecimenReader.read(work.payload(), null);
            BlockReplica replica = specimen.replica();
            BlockExecution execution;
            Verification verification;
            long runStarted = System.nanoTime();
            if (wanted.isEmpty()) {
                execution = verifying.execute(replica);
                verification = verifier.verify(execution, replica.receipts());
            } else {
                // One execution for the result and the traces, verified the same way as without tracers.
                TracedRules.Result traced = TracedRules.apply(specimen, wanted, verifying);
                execution = traced.execution();
                verification = traced.verification();
                traced.outputs().forEach((rule, output) -> outputs.put(rule, output.bytes()));
            }
            if (!verification.acceptable()) {
                message.fail(Failures.ABORT, "block " + replica.number() + " does not verify against its header: "
                        + verification.firstMismatch());
                return;
            }
            if (!verification.verified()) {
                if (!proveLossy) {
                    message.fail(Failures.ABORT, "block " + replica.number() + " differs from its header where its "
                            + "specimen's loss explains it (" + verification.lossy() + "); the loss policy is abort");
                    return;
                }
                lossy = String.valueOf(verification.lossy());
                LOG.warn("{}: block {} differs from its header only where its specimen's loss explains it ({})",
                        work.key(), replica.number(), verification.lossy());
            }
            BlockExecution forBytes;
            long referenceStarted = System.nanoTime();
            try {
                forBytes = reference.execute(replica, execution);
            } catch (ReferenceFailure e) {
                message.fail(Failures.ABORT, reference.profile().name() + (e.panic() ? " panics" : " fails")
                        + " on block " + replica.number() + ", so it has no result to prove: " + e.getMessage());
                return;
            }
            long bytesStarted = System.nanoTime();
            result = reference.bytes(forBytes);
            phases = new ExecutePhases(referenceStarted - runStarted, bytesStarted - referenceStarted,
                    System.nanoTime() - bytesStarted);
            layoutVerified = reference.profile().layoutVerifiedFor(forBytes.fork());
            gas = replica.header().gasUsed();
            LOG.info("{}: executed block {} on node {}", work.key(), replica.number(), NODE);
        } catch (RuntimeException e) {
            message.fail(Failures.ABORT, "cannot execute: " + Failures.describe(e));
            return;
        }
        PipelineEvents.executed(vertx, System.nanoTime() - started, gas, reference.profile().name(), layoutVerified,
                phases);
        DeliveryOptions flags = new DeliveryOptions().addHeader(COMPAT_HEADER, reference.profile().name());
        if (lossy != null) {
            flags.addHeader(LOSSY_HEADER, lossy);
        }
        message.reply(new WorkMessage(work.key(), work.name(), result, null, outputs), flags);
    }
}
