package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * Content-addressed storage for specimens and results. Every CID is the pinner's UnixFS CID of the content, and
 * content handed back by {@link #get} has been checked against its CID. Failures are failed futures carrying a
 * {@link ContentStoreException} (or a subclass) with a one-line message.
 */
public interface ContentStore {
    /** Stores the bytes and returns their CID. The array is handed over: do not change it afterwards. */
    Future<Cid> put(byte[] data);

    /** Stores a file, streamed (never held in memory whole), and returns its CID. */
    Future<Cid> putFile(Path file);

    /** The content under the CID, verified against it. */
    Future<byte[]> get(Cid cid);

    /** Whether the store holds the content (for remote stores: whether it answers for it). */
    Future<Boolean> has(Cid cid);

    /** Whether the store can serve requests now, with a short description for {@code /health} and logs. */
    Future<Health> health();

    record Health(boolean healthy, String detail) {
    }
}
