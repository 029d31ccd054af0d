package io.cqt.refiner.pipeline;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.rule.TraceRule;
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

    private final ExecuteStage stage;
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
        this.stage = new ExecuteStage(proveLossy, profile, codeCache);
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
        ExecuteStage.Refined refined;
        try {
            Specimen specimen = work.specimen() != null ? work.specimen() : SpecimenReader.read(work.payload(), null);
            refined = stage.refine(specimen, wanted);
        } catch (ExecuteStage.Refused e) {
            message.fail(Failures.ABORT, e.getMessage());
            return;
        } catch (RuntimeException e) {
            message.fail(Failures.ABORT, "cannot execute: " + Failures.describe(e));
            return;
        }
        if (refined.lossy() != null) {
            LOG.warn("{}: block {} differs from its header only where its specimen's loss explains it ({})",
                    work.key(), refined.block(), refined.lossy());
        }
        LOG.info("{}: executed block {} on node {}", work.key(), refined.block(), NODE);
        String compat = stage.profile().name();
        PipelineEvents.executed(vertx, System.nanoTime() - started, refined.gas(), compat, refined.layoutVerified(),
                refined.phases());
        DeliveryOptions flags = new DeliveryOptions().addHeader(COMPAT_HEADER, compat);
        if (refined.lossy() != null) {
            flags.addHeader(LOSSY_HEADER, refined.lossy());
        }
        message.reply(new WorkMessage(work.key(), work.name(), refined.result(), null, refined.outputs()), flags);
    }
}
