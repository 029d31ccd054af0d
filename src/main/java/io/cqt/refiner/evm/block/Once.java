package io.cqt.refiner.evm.block;

import java.util.function.Supplier;

/** A value computed on first use and kept; thread-safe, and the computation runs at most once. */
final class Once<T> implements Supplier<T> {
    private Supplier<T> compute;
    private volatile T value;

    private Once(Supplier<T> compute) {
        this.compute = compute;
    }

    static <T> Once<T> of(Supplier<T> compute) {
        return new Once<>(compute);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = compute.get();
                    value = v;
                    compute = null; // lets what the computation read be collected
                }
            }
        }
        return v;
    }
}
