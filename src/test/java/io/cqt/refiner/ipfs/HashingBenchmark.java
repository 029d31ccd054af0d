package io.cqt.refiner.ipfs;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Throughput of the UnixFS importer against plain SHA-256 over the same file, both read through the same kind of
 * stream with a 256 KiB buffer. Not a test: run by hand, see docs/BENCHMARKS.md.
 *
 * <pre>java -cp target/classes:target/test-classes io.cqt.refiner.ipfs.HashingBenchmark FILE [ROUNDS]</pre>
 */
public final class HashingBenchmark {
    private HashingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long size = Files.size(file);
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            String digest = sha256(file);
            long sha = System.nanoTime() - start;
            start = System.nanoTime();
            Cid cid = new UnixFsImporter().cidOf(file).root();
            long cidNanos = System.nanoTime() - start;
            System.out.printf("round %d: MessageDigest SHA-256 %.0f MB/s (%s), UnixFS import %.0f MB/s (%s)%n",
                    round, mbPerSecond(size, sha), digest.substring(0, 12), mbPerSecond(size, cidNanos), cid);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[UnixFsImporter.CHUNK_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
