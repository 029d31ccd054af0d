package io.cqt.refiner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Which address a test gets: an explicit one wins over the build's own node; "off" skips, saying why and how to
 * use a running one. On a service of its own, so the build's real nodes are not disturbed.
 */
class TestServicesTest {
    private static final String VARIABLE = "REFINER_TEST_SERVICES_TEST_NODE";
    private final String mode = System.getProperty("refiner.test.services");
    private final TestServices.Service node = new TestServices.Service("no-such-script", "test node", VARIABLE,
            new String[] {VARIABLE, "refiner.test.node"}, 1);

    @AfterEach
    void restore() {
        if (mode == null) {
            System.clearProperty("refiner.test.services");
        } else {
            System.setProperty("refiner.test.services", mode);
        }
        System.clearProperty(VARIABLE);
        System.clearProperty("refiner.test.node");
    }

    @Test
    void anExplicitAddressWinsAndNothingIsStarted() {
        // With "off" as well: had it tried to start one, it would have skipped instead of answering.
        System.setProperty("refiner.test.services", "off");
        System.setProperty("refiner.test.node", " http://127.0.0.1:1/ ");
        assertEquals("http://127.0.0.1:1/", node.address());
        System.setProperty(VARIABLE, "http://127.0.0.1:2");
        assertEquals("http://127.0.0.1:2", node.address(), "the first key wins");
    }

    @Test
    void offSkipsSayingWhyAndHowToUseARunningOne() {
        System.setProperty("refiner.test.services", "off");
        TestAbortedException skip = assertThrows(TestAbortedException.class, node::address);
        assertEquals("Assumption failed: skipped: no test node: the build starts no services "
                + "(-Drefiner.services=off); set " + VARIABLE + " to use a running one", skip.getMessage());
    }

    @Test
    void aStartThatFailsFailsWithTheScriptsWordsAndSoDoesTheNextAsk() {
        System.setProperty("refiner.test.services", "auto");
        String why = TestServices.unavailable();
        assumeTrue(why == null, () -> "skipped: no start can be tried: " + why);
        AssertionError first = assertThrows(AssertionError.class, node::address);
        assertEquals(true, first.getMessage().startsWith("the test node for the tests did not start: "),
                first.getMessage());
        AssertionError second = assertThrows(AssertionError.class, node::address);
        assertEquals(first.getMessage(), second.getMessage());
    }
}
