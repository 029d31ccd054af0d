package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Bytes;
import java.util.List;

/** The blobs, KZG commitments and proofs of one blob transaction (codec 0.37+). */
public record BlobTxSidecar(List<Bytes> blobs, List<Bytes> commitments, List<Bytes> proofs) {
    public BlobTxSidecar {
        blobs = List.copyOf(blobs);
        commitments = List.copyOf(commitments);
        proofs = List.copyOf(proofs);
    }
}
