package io.cqt.refiner.rule;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A second rule, registered from the test class path only: the block's transaction count as text. */
public final class TransactionCountRule implements Rule {
    @Override
    public String name() {
        return "test-tx-count";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    /** Deliberately narrow, so a test can see an older codec refused. */
    @Override
    public Set<CodecVersion> codecs() {
        return EnumSet.range(CodecVersion.V0_36, CodecVersion.V0_38);
    }

    @Override
    public RuleOutput transform(Specimen specimen) {
        String count = Integer.toString(specimen.replica().transactions().size());
        return new RuleOutput(count.getBytes(StandardCharsets.US_ASCII),
                Map.of("block", Long.toString(specimen.replica().number())));
    }
}
