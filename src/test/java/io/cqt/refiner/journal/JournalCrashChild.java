package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link JournalTest}: records steps, says READY, and waits to be killed without closing.
 * Arguments: the journal file.
 */
public final class JournalCrashChild {
    static final Hash RESULT = Hash.fromHex("0x" + "5e".repeat(32));
    static final Hash SPECIMEN = Hash.fromHex("0x" + "a1".repeat(32));

    private JournalCrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Journal journal = Journal.open(Path.of(args[0]));
        journal.discover("1_100_aa_bb", 100, SPECIMEN, "ipfs://specimen");
        journal.fetched("1_100_aa_bb", "ipfs://specimen");
        journal.executed("1_100_aa_bb", RESULT);
        journal.discover("1_101_aa_cc", 101, SPECIMEN, null);
        journal.startHeight(7);
        journal.commitHeight(6);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
