package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * The operator's secp256k1 key. The secret never leaves this class: {@link #toString()}, and every exception
 * thrown here, name only where the key came from and the address.
 */
public final class OperatorKey {
    /** The reference refiner's variable: the key as hex. */
    public static final String ENV_KEY = "BLOCK_RESULT_OPERATOR_PRIVATE_KEY";
    /** A path to a file holding the key as hex, readable by its owner only. */
    public static final String ENV_KEY_FILE = "BLOCK_RESULT_OPERATOR_PRIVATE_KEY_FILE";

    private static final BigInteger CURVE_ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Credentials credentials;
    private final Address address;

    private OperatorKey(Credentials credentials) {
        this.credentials = credentials;
        this.address = Address.fromHex(credentials.getAddress());
    }

    /** From the environment: {@value #ENV_KEY}, else the file named by {@value #ENV_KEY_FILE}. */
    public static OperatorKey fromEnvironment(Map<String, String> env) {
        String key = env.get(ENV_KEY);
        if (key != null && !key.isBlank()) {
            return fromHex(key, ENV_KEY);
        }
        String file = env.get(ENV_KEY_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        throw new IllegalArgumentException("no operator key: set " + ENV_KEY + " or " + ENV_KEY_FILE);
    }

    /** Reads the key from a file that only its owner may read (mode 600 or 400), refusing anything looser. */
    public static OperatorKey fromFile(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
                throw new IllegalArgumentException("operator key file " + file + " is accessible by group or others ("
                        + PosixFilePermissions.toString(mode) + "); run chmod 600 on it");
            }
            return fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip(), "operator key file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read operator key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Parses a 32-byte hex key; {@code source} names where it came from in errors (the key itself never does). */
    public static OperatorKey fromHex(String hex, String source) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(source + ": not a private key (expected 64 hex digits)");
        }
        BigInteger secret = new BigInteger(digits, 16);
        if (secret.signum() == 0 || secret.compareTo(CURVE_ORDER) >= 0) {
            throw new IllegalArgumentException(source + ": not a valid secp256k1 private key");
        }
        return new OperatorKey(Credentials.create(ECKeyPair.create(secret)));
    }

    public Address address() {
        return address;
    }

    /** Signs an EIP-1559 transaction; returns the typed envelope {@code eth_sendRawTransaction} takes. */
    byte[] sign(RawTransaction transaction) {
        return TransactionEncoder.signMessage(transaction, credentials);
    }

    @Override
    public String toString() {
        return "OperatorKey[" + address.toHex() + "]";
    }
}
