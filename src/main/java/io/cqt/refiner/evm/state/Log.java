package io.cqt.refiner.evm.state;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import java.util.List;

/** An event log; {@code data} is owned by the log and must not be changed. */
public record Log(Address address, List<Hash> topics, byte[] data) {
    public Log {
        topics = List.copyOf(topics);
    }
}
