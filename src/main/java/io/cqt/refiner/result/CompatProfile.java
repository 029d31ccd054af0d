package io.cqt.refiner.result;

import io.cqt.refiner.evm.fork.Fork;

/**
 * How one release of the reference evm-server builds and writes a block result (evm-server-compat.md). Operators
 * reach quorum only with those who run the same release, so each release the network ran is one profile; a later
 * release is a new profile, never an edit of an old one. Everything here was read from that release's code or
 * checked against a result it recorded; what no public fact settles is named by {@link #unverifiedFrom}.
 *
 * @param name             what {@code --compat} and {@code compatProfile} select, e.g. {@code evm-server-1.3}
 * @param release          the release tags it describes
 * @param dates            when the network ran it
 * @param blobTransactions how it decodes and executes a type-3 transaction
 * @param blobFieldKeys    transactions carry {@code blobFeeCap}, {@code blobHashes} and {@code blobGas} keys
 * @param sidecarsKey      the result carries a top-level {@code BlobTxSidecars} key
 * @param signatures       how {@code v}, {@code r} and {@code s} are written
 * @param absentBlobHashes a type-3 transaction whose blob hashes the specimen lost is written with {@code null}
 *                         ({@code true}) or {@code []} ({@code false})
 * @param checksBlobGas    a block whose executed blob gas differs from its header's fails the whole request
 * @param needsBlobFeeCap  a type-3 transaction without its blob fee cap (codec 0.36) makes the release panic
 * @param unverifiedFrom   the first fork whose blocks the network proved with a release whose bytes are not public:
 *                         results of such blocks follow this layout, unverified
 * @param reproduces       the recorded network values this profile reproduces, in words
 */
public record CompatProfile(
        String name,
        String release,
        String dates,
        BlobTransactions blobTransactions,
        boolean blobFieldKeys,
        boolean sidecarsKey,
        Signatures signatures,
        boolean absentBlobHashes,
        boolean checksBlobGas,
        boolean needsBlobFeeCap,
        Fork unverifiedFrom,
        String reproduces) {

    /** What a release does with a type-3 (EIP-4844) transaction. */
    public enum BlobTransactions {
        /** Executed and written as type 3, with its blob gas, blob fee and versioned hashes. */
        NATIVE,
        /**
         * Decoded as a type-2 transaction with a zero signature: no blob gas, no blob fee, no {@code BLOBHASH} values;
         * its hash (hence {@code TxHash}, the transactions root and the tool header hash) is that type-2 encoding's.
         */
        AS_DYNAMIC_FEE
    }

    /** How {@code v}, {@code r} and {@code s} appear in the written transactions. */
    public enum Signatures {
        /** Always {@code null}. */
        NULL,
        /** The specimen's values, {@code "0x0"} where it has none. */
        VALUES
    }

    /** Whether this profile's layout is confirmed for blocks of {@code fork}. */
    public boolean layoutVerifiedFor(Fork fork) {
        return unverifiedFrom == null || !fork.isAtLeast(unverifiedFrom);
    }
}
