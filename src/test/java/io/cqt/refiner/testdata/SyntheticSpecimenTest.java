package io.cqt.refiner.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.ReceiptEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.evm.fork.Fork;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed synthetic specimen is what {@link SyntheticSpecimen} makes, and it is internally consistent. */
class SyntheticSpecimenTest {
    private static final Path COMMITTED = Path.of("test-data/specimens", SyntheticSpecimen.FILE);

    @Test
    void theCommittedFileIsWhatTheGeneratorMakes() throws IOException {
        assertArrayEquals(SyntheticSpecimen.avro(), Files.readAllBytes(COMMITTED),
                "regenerate with the command in test-data/README.md");
    }

    @Test
    void itDecodesAsACancunBlockOfItsCodec() throws IOException {
        Specimen specimen = SpecimenReader.read(COMMITTED);
        assertEquals(SyntheticSpecimen.CODEC, specimen.codec());
        assertEquals(null, specimen.warning());
        BlockReplica replica = specimen.replica();
        assertEquals(Fork.CANCUN, Fork.of(replica.number(), replica.header().timestamp()));
        assertEquals(List.of(Transaction.LEGACY, Transaction.ACCESS_LIST, Transaction.DYNAMIC_FEE),
                replica.transactions().stream().map(Transaction::type).toList());
    }

    @Test
    void itsHeaderCommitsToItsContents() throws IOException {
        BlockReplica replica = SpecimenReader.readReplica(COMMITTED);
        assertEquals(HeaderEncoding.hash(replica.header()), replica.hash());
        assertEquals(replica.header().transactionsRoot(), BlockRoots.transactionsRoot(replica.transactions()));
        assertEquals(replica.header().withdrawalsRoot(), BlockRoots.withdrawalsRoot(replica.withdrawals()));
        ReceiptEncoding encoding = new ReceiptEncoding();
        List<byte[]> receipts = new ArrayList<>();
        for (int i = 0; i < replica.receipts().size(); i++) {
            receipts.add(encoding.encode(replica.transactions().get(i).type(), replica.receipts().get(i)));
        }
        assertEquals(replica.header().receiptsRoot(), BlockRoots.receiptsRoot(receipts));
        assertEquals(replica.header().gasUsed(), replica.receipts().get(2).cumulativeGasUsed());
    }

    @Test
    void theSendersAreTheWellKnownTestKeysAndTheSignaturesAreExact() throws IOException {
        BlockReplica replica = SpecimenReader.readReplica(COMMITTED);
        for (int i = 0; i < 3; i++) {
            assertEquals(SyntheticSpecimen.address(BigInteger.valueOf(i + 1)), replica.senders().get(i));
            TransactionEncoding.Encoded encoded = new TransactionEncoding().encode(replica.transactions().get(i));
            assertEquals(null, encoded.loss());
        }
        // Private key 1's address is a widely published fact.
        assertEquals("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", replica.senders().get(0).toHex());
    }
}
