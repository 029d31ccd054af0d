package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Address;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Known loss 3 on variants of the real 15127599 JSON, whose balances were written as doubles: a sender's balance
 * rounded down within the double's precision is raised and named; rounded down further, the rejection stays.
 */
class FloatBalanceRepairTest {
    private static final BigDecimal TWO_TO_53 = new BigDecimal(BigInteger.ONE.shiftLeft(53));
    /** A sweep this large has a double precision of at least 32 wei. */
    private static final BigDecimal TWO_TO_57 = new BigDecimal(BigInteger.ONE.shiftLeft(57));

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private final BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null);
    private final BlockVerifier verifier = new BlockVerifier();

    private Path file;
    private BlockReplica real;
    /** The sweep: a transaction whose sender spends (up to a double's precision) all of a float-written balance. */
    private int sweep;
    private Address sender;
    private BigInteger maxCost;

    @BeforeEach
    void findASweep() throws Exception {
        file = SharedData.specimen(15127599L, "specimen.json");
        real = SpecimenReader.read(file).replica();
        JsonNode accounts = data(mapper.readTree(file.toFile())).path("State").path("AccountRead");
        List<Address> senders = real.senders();
        for (int i = 0; i < senders.size() && sender == null; i++) {
            Address from = senders.get(i);
            JsonNode balance = accountOf(accounts, from).path("Balance");
            if (balance.isMissingNode() || !balance.isFloatingPointNumber()
                    || senders.indexOf(from) != senders.lastIndexOf(from)) {
                continue;
            }
            Transaction tx = real.transactions().get(i);
            BigInteger cost = BigInteger.valueOf(tx.gas())
                    .multiply((tx.type() >= Transaction.DYNAMIC_FEE ? tx.gasFeeCap() : tx.gasPrice()).toBigInteger())
                    .add(tx.value().toBigInteger());
            BigDecimal spare = balance.decimalValue().subtract(new BigDecimal(cost));
            if (new BigDecimal(cost).compareTo(TWO_TO_57) >= 0 && spare.signum() >= 0
                    && spare.compareTo(new BigDecimal(Math.ulp(balance.doubleValue()))) <= 0) {
                sweep = i;
                sender = from;
                maxCost = cost;
            }
        }
        assertTrue(sender != null, "15127599 has a transaction that spends a float-written balance");
    }

    @Test
    void theRealFileReadsItsFloatsWithTheirPrecisionAndVerifiesWithNothingRaised() throws Exception {
        JsonNode accounts = data(mapper.readTree(file.toFile())).path("State").path("AccountRead");
        int lossy = 0;
        for (StateReads.AccountRead a : real.state().accountReads()) {
            JsonNode balance = accountOf(accounts, a.address()).path("Balance");
            boolean inexact = balance.isFloatingPointNumber() && balance.decimalValue().compareTo(TWO_TO_53) >= 0;
            BigInteger expected = inexact ? new BigDecimal(Math.ulp(balance.doubleValue())).toBigIntegerExact()
                    : BigInteger.ZERO;
            assertEquals(expected, a.balancePrecision().toBigInteger(), a.address().toString());
            lossy += inexact ? 1 : 0;
        }
        assertTrue(lossy > 0);

        BlockExecution execution = executor.execute(real);
        Verification v = verifier.verify(execution, real.receipts());
        assertTrue(v.verified(), v.toString());
        assertNull(v.lossy());
        assertEquals(List.of(), execution.reconstructedBalances());
        assertFalse(execution.repaired());
    }

    @Test
    void aBalanceRoundedDownWithinItsPrecisionIsRaisedAndNamed() throws Exception {
        // The nearest double below the sweep's cost, written as the producer writes doubles (shortest form).
        double below = new BigDecimal(maxCost).doubleValue();
        while (new BigDecimal(Double.toString(below)).compareTo(new BigDecimal(maxCost)) >= 0) {
            below = Math.nextDown(below);
        }
        BigInteger shortfall = maxCost.subtract(new BigDecimal(Double.toString(below)).toBigIntegerExact());
        BigInteger ulp = new BigDecimal(Math.ulp(below)).toBigIntegerExact();
        assertTrue(shortfall.signum() > 0 && shortfall.compareTo(ulp) <= 0, shortfall + " within " + ulp);
        BlockReplica variant = withSenderBalance(below);

        BlockExecution execution = executor.execute(variant);
        Verification v = verifier.verify(execution, variant.receipts());
        assertTrue(v.verified(), v.toString());
        assertEquals(List.of(sender), execution.reconstructedBalances());
        assertTrue(execution.repaired());
        assertEquals("balance of " + sender + " was written as a float, exact only to " + ulp + " wei (known loss "
                + "3): " + shortfall + " wei short of tx " + sweep + "'s maximum cost, raised by that much", v.lossy());
        // bench's executor keeps the world it built, but the raised reads are the repair's own, run after run
        BlockExecutor reusing = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null).reusingWorlds();
        for (int run = 0; run < 2; run++) {
            BlockExecution again = reusing.execute(variant);
            assertEquals(execution.reconstructedBalances(), again.reconstructedBalances());
            assertEquals(execution.gasUsed(), again.gasUsed());
            assertEquals(execution.partialStateRoot(), again.partialStateRoot());
        }

        // The reference repairs nothing: it rejects the transaction, so the repaired run is not reused for its bytes.
        ReferenceExecutor reference = new ReferenceExecutor(CompatProfiles.DEFAULT);
        BlockExecution asReference = reference.execute(variant, execution);
        assertNotSame(execution, asReference);
        assertTrue(asReference.rejected().containsKey(sweep), asReference.rejected().toString());
    }

    @Test
    void aShortfallBeyondThePrecisionStaysARejection() throws Exception {
        double below = new BigDecimal(maxCost).doubleValue();
        while (new BigDecimal(Double.toString(below)).compareTo(new BigDecimal(maxCost)) >= 0) {
            below = Math.nextDown(below);
        }
        for (int i = 0; i < 4; i++) {
            below = Math.nextDown(below);
        }
        BigInteger shortfall = maxCost.subtract(new BigDecimal(Double.toString(below)).toBigIntegerExact());
        assertTrue(shortfall.compareTo(new BigDecimal(Math.ulp(below)).toBigIntegerExact()) > 0);
        BlockReplica variant = withSenderBalance(below);

        BlockExecution execution = executor.execute(variant);
        Verification v = verifier.verify(execution, variant.receipts());
        assertFalse(v.verified());
        assertFalse(v.acceptable());
        assertEquals(sweep, v.firstMismatch().transactionIndex(), v.toString());
        assertEquals("rejected", v.firstMismatch().field());
        assertEquals(shortfall, execution.shortfalls().get(sweep).toBigInteger());
        assertEquals(List.of(), execution.reconstructedBalances());
        assertFalse(execution.repaired());
        // Named, so that the rejection is not read as the block's own fault, but not explained away.
        BigInteger ulp = new BigDecimal(Math.ulp(below)).toBigIntegerExact();
        assertEquals("balance of " + sender + " was written as a float, exact only to " + ulp + " wei (known loss "
                + "3): " + shortfall + " wei short of tx " + sweep + "'s maximum cost, beyond the " + ulp
                + " wei that precision allows: rejected", v.lossy());
    }

    /** The real file with the sweep's sender balance written as {@code balance}, a JSON float, read back. */
    private BlockReplica withSenderBalance(double balance) throws Exception {
        JsonNode tree = mapper.readTree(file.toFile());
        ObjectNode account = (ObjectNode) accountOf(data(tree).path("State").path("AccountRead"), sender);
        account.putRawValue("Balance", new RawValue(asProducerWrites(balance)));
        return SpecimenReader.read(mapper.writeValueAsBytes(tree), null).replica();
    }

    /** A double as the file writes one: its shortest digits with an exponent ({@code 6.470752280216348e+17}). */
    private static String asProducerWrites(double value) {
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = shortest.precision() - shortest.scale() - 1;
        return digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e+" + exponent;
    }

    private static JsonNode data(JsonNode tree) {
        return tree.path("replicaEvent").path(0).path("data");
    }

    private static JsonNode accountOf(JsonNode accounts, Address address) {
        for (JsonNode a : accounts) {
            if (Address.fromHex(a.path("Address").asText()).equals(address)) {
                return a;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
