package io.cqt.refiner.evm.precompile;

/**
 * Every way a precompile can fail, each with the text geth reports for it: the {@code Error()} of what the
 * precompile's {@code Run} returns, which the callTracer shows as the frame's {@code error}. Read from go-ethereum
 * 02b73d4 (2026-08, v1.17.6-unstable) and the libraries it pins there; docs/ANALYSTS.md lists them. Where geth
 * returns a library's error the text is that library's, so each group names its source.
 *
 * <p>Several causes share a text in geth (an input of the wrong length is "invalid input length" for BLAKE2F, the
 * BLS12-381 precompiles and point evaluation alike); they share a constant here.
 */
final class PrecompileFailures {
    private PrecompileFailures() {
    }

    // ---- core/vm/contracts.go's own errors

    /** BLAKE2F not 213 bytes; a BLS12-381 input of the wrong length; point evaluation not 192 bytes. */
    static final PrecompileResult INVALID_INPUT_LENGTH = PrecompileResult.failure("invalid input length");
    static final PrecompileResult BLAKE2F_INVALID_FINAL_FLAG = PrecompileResult.failure("invalid final flag");
    /** EIP-7823 (Osaka); a length too large for 64 bits counts as over. */
    static final PrecompileResult MODEXP_LENGTH_OVER_1024 =
            PrecompileResult.failure("one or more of base/exponent/modulus length exceeded 1024 bytes");
    static final PrecompileResult BN254_PAIRING_BAD_SIZE = PrecompileResult.failure("bad elliptic curve pairing size");

    // ---- BN254 points: geth's amd64/arm64 builds decode them with crypto/bn256/gnark, whose coordinate check is
    // gnark-crypto's (ecc/bn254/fp, v0.18.1). Other architectures use crypto/bn256/google, with other texts.

    /** A coordinate (any of G1's two, G2's four) not below p. */
    static final PrecompileResult BN254_COORDINATE_NOT_IN_FIELD =
            PrecompileResult.failure("invalid fp.Element encoding");
    static final PrecompileResult BN254_NOT_ON_CURVE = PrecompileResult.failure("point is not on curve");
    /** Only G2 can fail it: every point on the BN254 G1 curve is in the group. */
    static final PrecompileResult BN254_NOT_IN_SUBGROUP = PrecompileResult.failure("point is not in correct subgroup");

    // ---- BLS12-381 (EIP-2537): contracts.go's decoders, with gnark-crypto's (ecc/bls12-381/fp) check below p

    static final PrecompileResult BLS12_FIELD_ELEMENT_TOP_BYTES =
            PrecompileResult.failure("invalid field element top bytes");
    static final PrecompileResult BLS12_FIELD_ELEMENT_NOT_IN_FIELD =
            PrecompileResult.failure("invalid fp.Element encoding");
    static final PrecompileResult BLS12_NOT_ON_CURVE = PrecompileResult.failure("invalid point: not on curve");
    static final PrecompileResult BLS12_G1_NOT_IN_SUBGROUP =
            PrecompileResult.failure("g1 point is not on correct subgroup");
    static final PrecompileResult BLS12_G2_NOT_IN_SUBGROUP =
            PrecompileResult.failure("g2 point is not on correct subgroup");

    // ---- point evaluation (EIP-4844). A proof that does not verify is contracts.go's "error verifying kzg proof"
    // wrapping the reason from geth's default KZG backend, go-eth-kzg (v1.5.0), which decodes points with
    // gnark-crypto (ecc/bls12-381, v0.18.1). Run with --crypto.kzg=ckzg, geth words these differently.

    static final PrecompileResult KZG_MISMATCHED_VERSIONED_HASH = PrecompileResult.failure("mismatched versioned hash");
    private static final String KZG = "error verifying kzg proof: ";
    /** z or y not below the BLS12-381 scalar field's modulus. */
    static final PrecompileResult KZG_SCALAR_NOT_CANONICAL = PrecompileResult.failure(
            KZG + "scalar is not canonical when interpreted as a big integer in big-endian");
    /** The commitment's or proof's three flag bits are a combination no encoding uses. */
    static final PrecompileResult KZG_POINT_BAD_FLAGS = PrecompileResult.failure(KZG + "invalid point encoding");
    /** The flags say uncompressed, which needs 96 bytes, not 48. */
    static final PrecompileResult KZG_POINT_UNCOMPRESSED = PrecompileResult.failure(KZG + "short buffer");
    static final PrecompileResult KZG_POINT_BAD_INFINITY =
            PrecompileResult.failure(KZG + "invalid infinity point encoding");
    static final PrecompileResult KZG_POINT_X_NOT_IN_FIELD =
            PrecompileResult.failure(KZG + "invalid fp.Element encoding");
    /** x³ + 4 has no square root: no point of the curve has that x. */
    static final PrecompileResult KZG_POINT_NOT_ON_CURVE =
            PrecompileResult.failure(KZG + "invalid compressed coordinate: square root doesn't exist");
    static final PrecompileResult KZG_POINT_NOT_IN_SUBGROUP =
            PrecompileResult.failure(KZG + "invalid point: subgroup check failed");
    /** Everything decoded; the pairing check says the proof does not open the commitment to y at z. */
    static final PrecompileResult KZG_PROOF_DOES_NOT_VERIFY =
            PrecompileResult.failure(KZG + "can't verify opening proof");
}
