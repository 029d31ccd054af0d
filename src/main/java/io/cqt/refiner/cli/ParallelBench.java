package io.cqt.refiner.cli;

import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.specimen.BlockReplica;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Aggregate execution throughput of several threads sharing one executor (thread-safe: its code cache and the
 * worlds it keeps are read-only once built) over the same decoded blocks: every thread executes every block
 * {@code rounds} times (starting at a different block, so that threads do not run the same block in step), and the
 * total gas over the wall time from the common start to the last thread's end is the figure. Each execution's gas
 * must equal the single-threaded one.
 * <p>
 * Scaling is measured against the same pass on one thread, in alternating pairs: this machine's speed drifts by
 * 10-15 % over tens of seconds, so a ratio of two passes taken far apart (or of a pass and the per-block medians,
 * which repeat each block while its data is in cache) says more about the drift than about the threads.
 */
final class ParallelBench {
    /** Alternating (one thread, all threads) pairs measured; the figures are their medians. */
    private static final int PAIRS = 3;

    /**
     * @param mgasPerSecond          the median of the passes on every thread
     * @param oneThreadMgasPerSecond the median of the same passes on one thread
     * @param scaling                the median over the pairs of the first over the second
     * @param pairRatios             each pair's ratio, in the order measured
     */
    record Result(double mgasPerSecond, double oneThreadMgasPerSecond, double scaling, List<Double> pairRatios,
                  List<String> mismatches) {
    }

    private final List<BlockReplica> replicas;
    private final List<Long> gasUsed;
    private final BlockExecutor executor;

    /**
     * @param executor the single-threaded run's, already warm: its worlds were built and have long been promoted,
     *                 where executors new to the timed pass would build ~100 MB that its first young collections
     *                 copy (pauses of 160 ms in a pass of about a second)
     */
    ParallelBench(List<BlockReplica> replicas, List<Long> gasUsed, BlockExecutor executor) {
        this.replicas = List.copyOf(replicas);
        this.gasUsed = List.copyOf(gasUsed);
        this.executor = executor;
    }

    Result run(int workers, int rounds) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            // a warm-up pass on every thread first, so the timed passes measure steady state
            List<String> mismatches = new ArrayList<>(measure(pool, workers, 1).mismatches());
            List<Double> many = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int pair = 0; pair < PAIRS; pair++) {
                Pass single = measure(pool, 1, rounds);
                Pass all = measure(pool, workers, rounds);
                mismatches.addAll(single.mismatches());
                mismatches.addAll(all.mismatches());
                one.add(single.mgasPerSecond());
                many.add(all.mgasPerSecond());
                ratios.add(all.mgasPerSecond() / single.mgasPerSecond());
            }
            return new Result(BenchCommand.medianOf(many), BenchCommand.medianOf(one), BenchCommand.medianOf(ratios),
                    List.copyOf(ratios), List.copyOf(mismatches));
        } finally {
            pool.shutdownNow();
        }
    }

    private record Pass(double mgasPerSecond, List<String> mismatches) {
    }

    private Pass measure(ExecutorService pool, int workers, int rounds) {
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        List<Future<Long>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int offset = w * replicas.size() / workers;
            done.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long gas = 0;
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < replicas.size(); i++) {
                        int index = (offset + i) % replicas.size();
                        long used = executor.execute(replicas.get(index)).gasUsed();
                        if (used != gasUsed.get(index)) {
                            mismatches.add("block " + replicas.get(index).number() + " used " + used
                                    + " gas, single-threaded " + gasUsed.get(index));
                        }
                        gas += used;
                    }
                }
                return gas;
            }));
        }
        try {
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            long gas = 0;
            for (Future<Long> worker : done) {
                gas += worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Pass(gas / seconds / 1e6, List.copyOf(mismatches));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a worker failed: " + OneLineErrors.describe(e.getCause()), e.getCause());
        }
    }
}
