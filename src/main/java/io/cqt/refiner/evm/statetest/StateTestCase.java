package io.cqt.refiner.evm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.evm.fork.Fork;

/**
 * One (test, fork, post index) of an Ethereum state-test file.
 *
 * @param category the file's directory relative to the corpus root, e.g. {@code static/state_tests/stExample}
 * @param test the test object ({@code env}, {@code pre}, {@code transaction}, {@code config}, ...)
 * @param post the entry {@code post[fork][index]}
 */
public record StateTestCase(String file, String category, String name, Fork fork, int index, JsonNode test,
                            JsonNode post) {
    /** The report id {@code <file>::<test name>::<fork>::<index>}. */
    public String id() {
        return file + "::" + name + "::" + fork.displayName() + "::" + index;
    }
}
