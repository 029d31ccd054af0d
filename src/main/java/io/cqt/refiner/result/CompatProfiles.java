package io.cqt.refiner.result;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.result.CompatProfile.BlobTransactions;
import io.cqt.refiner.result.CompatProfile.Signatures;
import java.util.List;

/** The reference evm-server releases the refiner can write results for (evm-server-compat.md). */
public final class CompatProfiles {
    /** The t8n tool the network ran from 2024-03-15 (tagged v1.2.0-evm, self-reporting 1.1.0): the 2024-03 layout. */
    public static final CompatProfile EVM_SERVER_1_2 = new CompatProfile("evm-server-1.2",
            "v1.2.0-evm (ran as latest from 2024-03-15, reports 1.1.0)", "2024-03-15 to 2024-04-24",
            BlobTransactions.AS_DYNAMIC_FEE, false, false, Signatures.NULL, false, false, false, Fork.PRAGUE,
            "block 19434485 (sha256 4bb6dcf7…, recorded by the network's pipeline tests)");

    /** v1.3.0 / v1.3.1-evm: full blob fields. */
    public static final CompatProfile EVM_SERVER_1_3 = new CompatProfile("evm-server-1.3",
            "v1.3.0-evm, v1.3.1-evm", "from 2024-04-24 until the 2025-05 Pectra release",
            BlobTransactions.NATIVE, true, true, Signatures.VALUES, true, true, true, Fork.PRAGUE,
            "the layout of a real v1.3 output (block 20414765), value for value; no recorded hash yet");

    /** The newest public release. */
    public static final CompatProfile DEFAULT = EVM_SERVER_1_3;

    private static final List<CompatProfile> ALL = List.of(EVM_SERVER_1_2, EVM_SERVER_1_3);

    private CompatProfiles() {
    }

    /** Every profile, oldest release first. */
    public static List<CompatProfile> all() {
        return ALL;
    }

    /** @throws IllegalArgumentException naming the known profiles when none has this name */
    public static CompatProfile named(String name) {
        for (CompatProfile p : ALL) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown compat profile '" + name + "'; known: "
                + ALL.stream().map(CompatProfile::name).toList());
    }
}
