package io.cqt.refiner.cli;

import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.pipeline.ExecuteStage;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Aggregate throughput of several threads doing one block's work over the same decoded blocks: every thread works
 * every block {@code rounds} times (starting at a different block, so that threads do not run the same block in
 * step), and the total gas over the wall time from the common start to the last thread's end is the figure. The
 * work is either execution alone, on one executor all threads share (thread-safe: its code cache and the worlds it
 * keeps are read-only once built), each execution's gas checked against the single-threaded one; or the pipeline's
 * execute stage, each result's bytes checked against the first.
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

    /** One block's work on the calling thread; returns its gas, and adds to {@code mismatches} what went wrong. */
    interface BlockWork {
        long run(int block, List<String> mismatches);
    }

    private final int blocks;
    private final BlockWork work;

    private ParallelBench(int blocks, BlockWork work) {
        this.blocks = blocks;
        this.work = work;
    }

    /**
     * Execution alone.
     *
     * @param executor the single-threaded run's, already warm: its worlds were built and have long been promoted,
     *                 where executors new to the timed pass would build ~100 MB that its first young collections
     *                 copy (pauses of 160 ms in a pass of about a second)
     */
    static ParallelBench execution(List<BlockReplica> replicas, List<Long> gasUsed, BlockExecutor executor) {
        List<BlockReplica> all = List.copyOf(replicas);
        List<Long> expected = List.copyOf(gasUsed);
        return new ParallelBench(all.size(), (block, mismatches) -> {
            long used = executor.execute(all.get(block)).gasUsed();
            if (used != expected.get(block)) {
                mismatches.add("block " + all.get(block).number() + " used " + used + " gas, single-threaded "
                        + expected.get(block));
            }
            return used;
        });
    }

    /**
     * The pipeline's execute stage without the pipeline: each block's world built, run, checked against its
     * header, run again as the reference release where its bytes need it, and written.
     *
     * @throws ExecuteStage.Refused when the stage refuses one of the blocks, which the pipeline would not time
     */
    static ParallelBench executeStage(List<Specimen> specimens, ExecuteStage stage) {
        List<Specimen> all = List.copyOf(specimens);
        byte[][] expected = new byte[all.size()][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = stage.refine(all.get(i), List.of()).result();
        }
        return new ParallelBench(all.size(), (block, mismatches) -> {
            ExecuteStage.Refined refined = stage.refine(all.get(block), List.of());
            if (!Arrays.equals(refined.result(), expected[block])) {
                mismatches.add("block " + refined.block() + ": the result's bytes differ from the first run's");
            }
            return refined.gas();
        });
    }

    /** One timed pass on {@code workers} threads, in Mgas/s. */
    double pass(int workers, int rounds, List<String> mismatches) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            Pass timed = measure(pool, workers, rounds);
            mismatches.addAll(timed.mismatches());
            return timed.mgasPerSecond();
        } finally {
            pool.shutdownNow();
        }
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
            int offset = w * blocks / workers;
            done.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long gas = 0;
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < blocks; i++) {
                        gas += work.run((offset + i) % blocks, mismatches);
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
