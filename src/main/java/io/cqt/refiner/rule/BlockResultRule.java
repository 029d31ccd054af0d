package io.cqt.refiner.rule;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.CompatResults;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The block result: the specimen re-executed into the reference evm-server's bytes (evm-server-compat.md). */
public final class BlockResultRule implements Rule {
    public static final String NAME = "block-result";

    // The reference repairs no loss; its bytes come from an execution that does not either.
    private final BlockExecutor asReference = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, false);
    private final CompatResultWriter writer = new CompatResultWriter();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Set<CodecVersion> codecs() {
        return EnumSet.allOf(CodecVersion.class);
    }

    @Override
    public RuleOutput transform(Specimen specimen) {
        BlockExecution execution = asReference.execute(specimen.replica());
        byte[] bytes = writer.toBytes(CompatResults.of(execution));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("block", Long.toString(specimen.replica().number()));
        metadata.put("fork", execution.fork().displayName());
        metadata.put("receipts", Integer.toString(execution.receipts().size()));
        metadata.put("sha256", ResultHashes.sha256(bytes).toString());
        return new RuleOutput(bytes, metadata);
    }
}
