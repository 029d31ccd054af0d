package io.cqt.refiner.evm.precompile;

import io.cqt.refiner.types.Address;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The precompiles active in one fork. Lookup of the low addresses (0x01–0xff) is an array index; anything else
 * (P256VERIFY sits at 0x100) goes through a map.
 */
public final class PrecompileSet {
    private final Precompile[] low = new Precompile[256];
    private final Map<Address, Precompile> all;

    public PrecompileSet(Map<Address, Precompile> precompiles) {
        this.all = Collections.unmodifiableMap(new LinkedHashMap<>(precompiles));
        for (Map.Entry<Address, Precompile> e : all.entrySet()) {
            int index = lowIndex(e.getKey());
            if (index >= 0) {
                low[index] = e.getValue();
            }
        }
    }

    /** The precompile at this address, or null. */
    public Precompile get(Address address) {
        int index = lowIndex(address);
        return index >= 0 ? low[index] : all.get(address);
    }

    public boolean contains(Address address) {
        return get(address) != null;
    }

    /** Every precompile address, warm from the start of each transaction (EIP-2929). */
    public List<Address> addresses() {
        return List.copyOf(all.keySet());
    }

    /** The address {@code 0x00..00nn} for a small precompile number. */
    public static Address address(int number) {
        byte[] bytes = new byte[Address.SIZE];
        bytes[Address.SIZE - 2] = (byte) (number >>> 8);
        bytes[Address.SIZE - 1] = (byte) number;
        return Address.wrap(bytes);
    }

    private static int lowIndex(Address address) {
        byte[] bytes = address.array();
        for (int i = 0; i < Address.SIZE - 1; i++) {
            if (bytes[i] != 0) {
                return -1;
            }
        }
        return bytes[Address.SIZE - 1] & 0xff;
    }
}
