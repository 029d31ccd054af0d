package io.cqt.refiner.journal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.mapdb.Serializer;

/**
 * The journal's durable truth: an append-only log of every change, synced before the change is applied to the MapDB
 * store. MapDB 3.1 cannot be that truth: its {@code StoreWAL} writes a log on commit but never replays it on open, and
 * logs neither index slots nor free-space pages, so a process killed while a commit is being applied leaves a
 * half-written file. After such a death the store is rebuilt from this log ({@link JournalRebuild}).
 *
 * <p>The file starts with a header (magic, then the offset where the snapshot ends). A snapshot holds the proof-chain
 * heights and then every item in key order, one per record; the records after it are changes, one record per
 * transaction, so a transaction of many items is all there or not at all. Each record is framed by its length and a
 * CRC-32C, so a record torn by a crash is recognised and cut off (its transaction never returned). When the changes
 * grow past {@link #SNAPSHOT_AFTER_BYTES}, the journal writes a new snapshot and the log starts again from it.
 *
 * <p>Also holds the journal's lock ({@code NAME.lock}, exclusive for the process's lifetime) and its clean-close flag.
 */
final class JournalLog implements AutoCloseable {
    /** How many bytes of changes after the snapshot make the journal write a new one; also bounds recovery's memory. */
    static final long SNAPSHOT_AFTER_BYTES = 64L << 20;
    private static final byte[] MAGIC = "RFNJLOG1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + Long.BYTES;
    private static final int MAX_RECORD_BYTES = 256 << 20;
    private static final byte PUT_ITEM = 1;
    private static final byte START_HEIGHT = 2;
    private static final byte COMMIT_HEIGHT = 3;
    private static final String OPEN = "open";
    private static final String CLOSED = "closed";

    /** One change in a transaction. */
    sealed interface Op {
    }

    /** The item stored under {@code key} is now {@code item} ({@link WorkItemCodec}'s form). */
    record PutItem(String key, byte[] item) implements Op {
    }

    /** The listener began proof-chain height {@code height}. */
    record StartHeight(long height) implements Op {
    }

    /** Every event of proof-chain height {@code height} is journaled. */
    record CommitHeight(long height) implements Op {
    }

    private final Path file;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean closedCleanly;
    private final boolean existed;
    private final long snapshotAfterBytes;
    private FileChannel channel;
    private long snapshotEnd;
    /** Set when a failed append could not be cut off: appending after it would be lost at recovery. */
    private IOException broken;

    private JournalLog(Path file, Path lockFile, FileChannel lockChannel, FileLock lock, boolean closedCleanly,
            boolean existed, long snapshotAfterBytes) {
        this.file = file;
        this.snapshotAfterBytes = snapshotAfterBytes;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.closedCleanly = closedCleanly;
        this.existed = existed;
    }

    static Path logFile(Path journalFile) {
        return journalFile.resolveSibling(journalFile.getFileName() + ".log");
    }

    static Path lockFile(Path journalFile) {
        return journalFile.resolveSibling(journalFile.getFileName() + ".lock");
    }

    /**
     * Takes the journal's lock and opens its log (none yet: {@link #existed()} is false, and the caller writes the
     * first snapshot). Marks the journal open, durably, before returning.
     *
     * @throws JournalException naming "in use" when another process, or another journal here, holds the lock
     */
    static JournalLog open(Path journalFile, long snapshotAfterBytes) throws IOException {
        Path lockFile = lockFile(journalFile);
        FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new JournalInUseException("journal " + journalFile + " is in use by another process (is `refiner "
                    + "run` running?)");
        }
        try {
            String state = readState(lockChannel);
            Path file = logFile(journalFile);
            JournalLog log = new JournalLog(file, lockFile, lockChannel, lock, !state.startsWith(OPEN),
                    Files.exists(file), snapshotAfterBytes);
            if (log.existed) {
                log.snapshotEnd = readHeader(file);
                log.channel = FileChannel.open(file, StandardOpenOption.WRITE);
                log.channel.position(log.channel.size());
            }
            writeState(lockChannel, OPEN + ' ' + ProcessHandle.current().pid());
            return log;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** False when the log file did not exist at open: a new journal, or one written before the log existed. */
    boolean existed() {
        return existed;
    }

    /** False when the last process to open the journal did not close it: its store must be rebuilt. */
    boolean closedCleanly() {
        return closedCleanly;
    }

    /**
     * Appends one transaction and syncs it; when this returns, the changes survive any crash. A failed append (disk
     * full, say) is cut off again, so that later records do not follow a torn one, which recovery would stop at.
     */
    void append(List<? extends Op> ops) {
        append(ops, true);
    }

    /**
     * As {@link #append(List)}; with {@code sync} false the record is written but survives a crash only once a later
     * {@link #sync()} returns (a group commit: one sync for the changes queued behind one another).
     */
    void append(List<? extends Op> ops, boolean sync) {
        if (broken != null) {
            throw new UncheckedIOException("the journal log " + file + " could not be repaired after a failed write "
                    + "(restart the refiner)", broken);
        }
        byte[] payload = encode(ops);
        ByteBuffer record = ByteBuffer.allocate(2 * Integer.BYTES + payload.length);
        record.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        long start = -1;
        try {
            start = channel.position();
            while (record.hasRemaining()) {
                channel.write(record);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            cutBack(start, e);
            throw new UncheckedIOException("cannot append to the journal log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes every record written so far durable. A failed sync leaves it unknown which of them the disk holds: the
     * log takes no more appends and is not marked closed cleanly, so the next open rebuilds the store from it.
     */
    void sync() {
        if (broken != null) {
            throw new UncheckedIOException("the journal log " + file + " could not be repaired after a failed write "
                    + "(restart the refiner)", broken);
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            broken = e;
            throw new UncheckedIOException("cannot sync the journal log " + file + ": " + e.getMessage(), e);
        }
    }

    private void cutBack(long start, IOException failure) {
        try {
            if (start < 0) {
                throw failure;
            }
            channel.truncate(start);
            channel.position(start);
        } catch (IOException e) {
            broken = e;
        }
    }

    /** True once the changes since the snapshot passed the threshold given at open. */
    boolean wantsSnapshot() {
        try {
            return channel.size() - snapshotEnd > snapshotAfterBytes;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Replaces the log by a snapshot of the journal as it stands: written beside it, synced, then renamed over it,
     * so a crash at any point leaves one whole log. {@code items} must come in the store's key order.
     */
    void writeSnapshot(Iterator<Map.Entry<String, byte[]>> items, Collection<Long> started, long committed) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.position(HEADER_BYTES);
            DataOutputStream records = new DataOutputStream(new BufferedOutputStream(
                    Channels.newOutputStream(out), 1 << 16));
            List<Op> heights = new ArrayList<>();
            heights.add(new CommitHeight(committed));
            for (Long height : started) {
                heights.add(new StartHeight(height));
            }
            writeRecord(records, encode(heights));
            while (items.hasNext()) {
                Map.Entry<String, byte[]> item = items.next();
                writeRecord(records, encode(List.of(new PutItem(item.getKey(), item.getValue()))));
            }
            records.flush();
            long end = out.position();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putLong(end).flip();
            out.write(header, 0);
            out.force(true);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            JournalRebuild.syncDirectory(file.toAbsolutePath().getParent());
            FileChannel previous = channel;
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channel.position(end);
            snapshotEnd = end;
            if (previous != null) {
                previous.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a snapshot of the journal log " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads the whole log for a rebuild: the heights as they stand, and the items merged in key order (a change
     * after the snapshot wins over the snapshot's copy). A torn record at the end is cut off the file here.
     * The changes' items are held in memory; the snapshot's are streamed by {@link Contents#items()}.
     */
    Contents read() throws IOException {
        NavigableMap<String, byte[]> changed = new TreeMap<>(Serializer.STRING);
        TreeSet<Long> started = new TreeSet<>();
        long[] committed = {JournalStore.NONE};
        long validEnd;
        try (CountingInput in = new CountingInput(file)) {
            in.skipTo(HEADER_BYTES);
            while (true) {
                long at = in.position();
                byte[] payload = in.readRecord();
                if (payload == null) {
                    validEnd = at;
                    break;
                }
                boolean inSnapshot = at < snapshotEnd;
                for (Op op : decode(payload)) {
                    switch (op) {
                        case PutItem put -> {
                            if (!inSnapshot) {
                                changed.put(put.key(), put.item());
                            }
                        }
                        case StartHeight start -> started.add(start.height());
                        case CommitHeight commit -> {
                            started.remove(commit.height());
                            committed[0] = Math.max(committed[0], commit.height());
                        }
                    }
                }
            }
        }
        if (validEnd < snapshotEnd) {
            throw new JournalException("journal log " + file + " is damaged inside its snapshot (at byte " + validEnd
                    + " of " + snapshotEnd + "); restore it from a backup");
        }
        long size = channel.size();
        if (validEnd < size) {
            channel.truncate(validEnd);
            channel.force(true);
            channel.position(validEnd);
        }
        return new Contents(file, snapshotEnd, changed, started, committed[0], size - validEnd);
    }

    /**
     * What {@link #read()} found. {@code droppedBytes} counts the torn record cut off the end (0 after a clean
     * stop; a crash mid-append leaves at most one transaction, never acknowledged to its caller).
     */
    record Contents(Path file, long snapshotEnd, NavigableMap<String, byte[]> changed, TreeSet<Long> started,
            long committed, long droppedBytes) {
        /** Every item, in key order; reads the snapshot again, so it may be called once per pass. */
        Iterator<Map.Entry<String, byte[]>> items() {
            return new MergedItems(file, snapshotEnd, changed);
        }
    }

    /** What a read-only pass over the log found: every item as it stands, and the heights. */
    record View(NavigableMap<String, byte[]> items, TreeSet<Long> started, long committed) {
    }

    /**
     * Reads the log of a journal that another process may be writing, without its lock and without changing the
     * file: everything up to the last whole record. One open file serves the whole pass, so a snapshot that the
     * writer renames over the log meanwhile leaves this pass reading the old, complete file.
     */
    static View readOnly(Path journalFile) throws IOException {
        Path file = logFile(journalFile);
        NavigableMap<String, byte[]> items = new TreeMap<>(Serializer.STRING);
        TreeSet<Long> started = new TreeSet<>();
        long committed = JournalStore.NONE;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try (CountingInput in = new CountingInput(channel, file)) {
            long snapshotEnd = readHeader(channel, file);
            channel.position(0);
            in.skipTo(HEADER_BYTES);
            byte[] payload;
            while ((payload = in.readRecord()) != null) {
                for (Op op : decode(payload)) {
                    switch (op) {
                        // In log order: a change after the snapshot replaces the snapshot's copy.
                        case PutItem put -> items.put(put.key(), put.item());
                        case StartHeight start -> started.add(start.height());
                        case CommitHeight commit -> {
                            started.remove(commit.height());
                            committed = Math.max(committed, commit.height());
                        }
                    }
                }
            }
            if (in.position() < snapshotEnd) {
                throw new JournalException("journal log " + file + " is damaged inside its snapshot (at byte "
                        + in.position() + " of " + snapshotEnd + ")");
            }
        }
        return new View(items, started, committed);
    }

    @Override
    public void close() {
        if (broken != null) {
            // Records may be missing or torn: left marked open, so the next open rebuilds the store from what is here.
            abandon();
            return;
        }
        try {
            if (channel != null) {
                channel.force(true);
                channel.close();
            }
            writeState(lockChannel, CLOSED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal log " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the channel; nothing else to do
            }
        }
    }

    /** Releases the lock without marking the journal closed: the next open rebuilds, as after a crash. */
    void abandon() {
        try {
            if (channel != null) {
                channel.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // best effort: the lock goes with the process anyway
        }
    }

    Path file() {
        return file;
    }

    Path lockPath() {
        return lockFile;
    }

    private static String readState(FileChannel lockChannel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        lockChannel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void writeState(FileChannel lockChannel, String state) throws IOException {
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((state + '\n').getBytes(StandardCharsets.US_ASCII)), 0);
        lockChannel.force(true);
    }

    private static long readHeader(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(in, file);
        }
    }

    private static long readHeader(FileChannel in, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        in.position(0);
        while (header.hasRemaining() && in.read(header) >= 0) {
            // fill
        }
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        if (header.remaining() < HEADER_BYTES) {
            throw new JournalException("journal log " + file + " is too short to be one");
        }
        header.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new JournalException("journal log " + file + " is not a refiner journal log");
        }
        long end = header.getLong();
        if (end < HEADER_BYTES || end > in.size()) {
            throw new JournalException("journal log " + file + " has a damaged header");
        }
        return end;
    }

    private static void writeRecord(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.writeInt(crc(payload));
        out.write(payload);
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static byte[] encode(List<? extends Op> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Op op : ops) {
                switch (op) {
                    case PutItem put -> {
                        out.writeByte(PUT_ITEM);
                        out.writeUTF(put.key());
                        out.writeInt(put.item().length);
                        out.write(put.item());
                    }
                    case StartHeight start -> {
                        out.writeByte(START_HEIGHT);
                        out.writeLong(start.height());
                    }
                    case CommitHeight commit -> {
                        out.writeByte(COMMIT_HEIGHT);
                        out.writeLong(commit.height());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<Op> decode(byte[] payload) throws IOException {
        List<Op> ops = new ArrayList<>(1);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        while (in.available() > 0) {
            byte type = in.readByte();
            switch (type) {
                case PUT_ITEM -> {
                    String key = in.readUTF();
                    byte[] item = new byte[in.readInt()];
                    in.readFully(item);
                    ops.add(new PutItem(key, item));
                }
                case START_HEIGHT -> ops.add(new StartHeight(in.readLong()));
                case COMMIT_HEIGHT -> ops.add(new CommitHeight(in.readLong()));
                default -> throw new IOException("unknown journal log operation " + type);
            }
        }
        return ops;
    }

    /** Sequential reads of framed records with the offset kept. */
    private static final class CountingInput implements AutoCloseable {
        private final DataInputStream in;
        private long position;

        CountingInput(Path file) throws IOException {
            InputStream raw = Files.newInputStream(file);
            this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        }

        /** Reads {@code channel} from its current position (closing it when closed). */
        CountingInput(FileChannel channel, Path file) {
            this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        }

        long position() {
            return position;
        }

        void skipTo(long offset) throws IOException {
            in.skipNBytes(offset - position);
            position = offset;
        }

        /** The next record's payload, or null at the end or at a torn or damaged record. */
        byte[] readRecord() throws IOException {
            try {
                int length = in.readInt();
                int crc = in.readInt();
                if (length < 0 || length > MAX_RECORD_BYTES) {
                    return null;
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (crc(payload) != crc) {
                    return null;
                }
                position += 2L * Integer.BYTES + length;
                return payload;
            } catch (EOFException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The snapshot's items, read in order, with the changed ones taken from memory instead. */
    private static final class MergedItems implements Iterator<Map.Entry<String, byte[]>> {
        private final CountingInput snapshot;
        private final long snapshotEnd;
        private final Iterator<Map.Entry<String, byte[]>> changed;
        private Map.Entry<String, byte[]> nextSnapshot;
        private Map.Entry<String, byte[]> nextChanged;

        MergedItems(Path file, long snapshotEnd, NavigableMap<String, byte[]> changed) {
            try {
                this.snapshot = new CountingInput(file);
                snapshot.skipTo(HEADER_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.snapshotEnd = snapshotEnd;
            this.changed = changed.entrySet().iterator();
            this.nextSnapshot = readSnapshot();
            this.nextChanged = this.changed.hasNext() ? this.changed.next() : null;
        }

        @Override
        public boolean hasNext() {
            return nextSnapshot != null || nextChanged != null;
        }

        @Override
        public Map.Entry<String, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int order = nextSnapshot == null ? 1 : nextChanged == null ? -1
                    : Serializer.STRING.compare(nextSnapshot.getKey(), nextChanged.getKey());
            Map.Entry<String, byte[]> result;
            if (order < 0) {
                result = nextSnapshot;
                nextSnapshot = readSnapshot();
            } else {
                result = nextChanged;
                nextChanged = changed.hasNext() ? changed.next() : null;
                if (order == 0) {
                    nextSnapshot = readSnapshot();
                }
            }
            return result;
        }

        private Map.Entry<String, byte[]> readSnapshot() {
            try {
                while (snapshot.position() < snapshotEnd) {
                    byte[] payload = snapshot.readRecord();
                    if (payload == null) {
                        break;
                    }
                    for (Op op : decode(payload)) {
                        if (op instanceof PutItem put) {
                            return new AbstractMap.SimpleImmutableEntry<>(put.key(), put.item());
                        }
                    }
                }
                snapshot.close();
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
