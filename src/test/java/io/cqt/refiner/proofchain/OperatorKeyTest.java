package io.cqt.refiner.proofchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeyTest {
    private static final String KEY = HardhatChain.OPERATOR_KEY;
    private static final String DIGITS = KEY.substring(2);
    // Hardhat's documented default account #1: this key's address.
    private static final Address ADDRESS = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    @Test
    void derivesTheAddressAndNeverShowsTheKey() {
        OperatorKey key = OperatorKey.fromEnvironment(Map.of(OperatorKey.ENV_KEY, KEY));
        assertEquals(ADDRESS, key.address());
        assertFalse(key.toString().toLowerCase().contains(DIGITS), key.toString());
        assertTrue(key.toString().contains(ADDRESS.toHex()));
    }

    @Test
    void badKeysAreRejectedWithoutEchoingThem() {
        String almost = DIGITS.substring(0, 63) + "z";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OperatorKey.fromEnvironment(Map.of(OperatorKey.ENV_KEY, almost)));
        assertEquals(OperatorKey.ENV_KEY + ": not a private key (expected 64 hex digits)", e.getMessage());
        assertFalse(e.getMessage().contains(DIGITS.substring(0, 16)));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> OperatorKey.fromHex(
                "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "k"));
        assertEquals("k: not a valid secp256k1 private key", order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OperatorKey.fromEnvironment(Map.of()));
    }

    @Test
    void aFileOnlyItsOwnerCanReadIsAccepted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("operator.key");
        Files.writeString(file, KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        OperatorKey key = OperatorKey.fromEnvironment(Map.of(OperatorKey.ENV_KEY_FILE, file.toString()));
        assertEquals(ADDRESS, key.address());
    }

    @Test
    void aGroupOrWorldReadableFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("operator.key");
        Files.writeString(file, KEY);
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorKey.fromFile(file));
            assertTrue(e.getMessage().contains("accessible by group or others (" + mode + ")"), e.getMessage());
            assertFalse(e.getMessage().contains(DIGITS));
        }
    }
}
