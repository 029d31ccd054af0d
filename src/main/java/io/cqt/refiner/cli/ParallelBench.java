package io.cqt.refiner.cli;

import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.specimen.BlockReplica;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Aggregate execution throughput of several threads, each with its own executor, over the same decoded blocks:
 * every thread executes every block {@code rounds} times (starting at a different block, so that threads do not
 * run the same block in step), and the total gas over the wall time from the common start to the last thread's
 * end is the figure. Each execution's gas must equal the single-threaded one.
 */
final class ParallelBench {
    record Result(double mgasPerSecond, List<String> mismatches) {
    }

    private final List<BlockReplica> replicas;
    private final List<Long> gasUsed;

    ParallelBench(List<BlockReplica> replicas, List<Long> gasUsed) {
        this.replicas = List.copyOf(replicas);
        this.gasUsed = List.copyOf(gasUsed);
    }

    Result run(int workers, int rounds) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            // One executor per worker, kept across both passes: the warm-up pass also builds each block's world,
            // which the timed pass then reuses, as the single-threaded figure does.
            List<BlockExecutor> executors = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                executors.add(new BlockExecutor(MainnetPrecompiles::forFork, auth -> null).reusingWorlds());
            }
            // a warm-up pass on every thread first, so the timed pass measures steady state
            measure(pool, executors, 1);
            return measure(pool, executors, rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result measure(ExecutorService pool, List<BlockExecutor> executors, int rounds) {
        int workers = executors.size();
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        List<Future<Long>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int offset = w * replicas.size() / workers;
            BlockExecutor executor = executors.get(w);
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
            return new Result(gas / seconds / 1e6, List.copyOf(mismatches));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a worker failed: " + OneLineErrors.describe(e.getCause()), e.getCause());
        }
    }
}
