package io.cqt.refiner.evm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.evm.fork.Fork;

/**
 * One (test, fork, post index) of an Ethereum state-test file, or the one failing case that stands for a file that
 * could not be read ({@code unreadable} non-null, {@code fork} null).
 *
 * @param category   the file's directory relative to the corpus root, e.g. {@code static/state_tests/stExample}
 * @param test       the test object ({@code env}, {@code pre}, {@code transaction}, {@code config}, ...)
 * @param post       the entry {@code post[fork][index]}
 * @param unreadable why the file could not be read, or null
 */
public record StateTestCase(String file, String category, String name, Fork fork, int index, JsonNode test,
                            JsonNode post, String unreadable) {
    /** The group an unreadable file is counted in, beside the forks. */
    public static final String UNREADABLE = "unreadable";

    public StateTestCase(String file, String category, String name, Fork fork, int index, JsonNode test,
                         JsonNode post) {
        this(file, category, name, fork, index, test, post, null);
    }

    /** The case standing for a file that is not a readable JSON document. */
    public static StateTestCase unreadable(String file, String category, String reason) {
        return new StateTestCase(file, category, "", null, 0, null, null, reason);
    }

    /** The report id {@code <file>::<test name>::<fork>::<index>}, or {@code <file>::} for an unreadable file. */
    public String id() {
        return unreadable != null ? file + "::" : file + "::" + name + "::" + fork.displayName() + "::" + index;
    }

    /** The fork's display name, or {@link #UNREADABLE}: what the case is counted under. */
    public String group() {
        return unreadable != null ? UNREADABLE : fork.displayName();
    }
}
