package io.cqt.refiner.evm.blocktest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One test case of a blockchain-test file.
 *
 * @param file     the file's path relative to the folder it was found under
 * @param category the file's folder ({@code cancun/eip4844_blobs}), empty at the top
 * @param network  the fork or transition it runs on, as the fixture names it
 */
public record BlockchainTestCase(String file, String category, String name, String network, JsonNode test) {
    /** {@code <file>::<test name>}. */
    public String id() {
        return file + "::" + name;
    }
}
