package io.cqt.refiner.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the services {@link TestServices} started once the test JVM's launcher session ends, whether the tests passed
 * or not (registered in META-INF/services; Surefire opens one session per test JVM).
 */
public final class TestServicesSession implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestServices.stopAll();
    }
}
