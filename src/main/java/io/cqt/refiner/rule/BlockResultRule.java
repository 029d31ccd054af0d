package io.cqt.refiner.rule;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The block result: the specimen re-executed into the bytes of one reference evm-server release
 * (evm-server-compat.md), the default profile's unless another is given.
 */
public final class BlockResultRule implements Rule {
    public static final String NAME = "block-result";

    private final ReferenceExecutor reference;

    public BlockResultRule() {
        this(CompatProfiles.DEFAULT);
    }

    public BlockResultRule(CompatProfile profile) {
        this.reference = new ReferenceExecutor(profile);
    }

    public CompatProfile profile() {
        return reference.profile();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "2.0.0";
    }

    @Override
    public Set<CodecVersion> codecs() {
        return EnumSet.allOf(CodecVersion.class);
    }

    @Override
    public RuleOutput transform(Specimen specimen) {
        BlockExecution execution = reference.execute(specimen.replica());
        byte[] bytes = reference.bytes(execution);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("block", Long.toString(specimen.replica().number()));
        metadata.put("fork", execution.fork().displayName());
        metadata.put("compat", reference.profile().name());
        metadata.put("layoutVerified", Boolean.toString(reference.profile().layoutVerifiedFor(execution.fork())));
        metadata.put("receipts", Integer.toString(execution.receipts().size()));
        metadata.put("sha256", ResultHashes.sha256(bytes).toString());
        return new RuleOutput(bytes, metadata);
    }
}
