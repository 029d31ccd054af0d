package io.cqt.refiner.evm.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.fork.InstructionTable;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * The straight-line runs the loop checks once: what they summarise, and that charging a run ahead gives exactly what
 * charging opcode by opcode gives, at the edges (gas for all but the last opcode, a full stack, GAS, a fork without
 * PUSH0).
 */
class StraightRunsTest {
    private static int[] runs(Fork fork, String code) {
        return StraightRuns.of(Code.initcode(Hex.decode(code)), ForkSpec.of(fork).table());
    }

    @Test
    void aRunSumsItsGasAndTheStackItNeedsUpToItsJump() {
        // PUSH1 1, PUSH1 2, ADD, JUMPDEST, POP, JUMP, then STOP (not in the run)
        int[] runs = runs(Fork.PRAGUE, "0x60016002015b505600");
        assertEquals(3 + 3 + 3 + 1 + 2 + 8, StraightRuns.gas(runs[0]));
        assertEquals(1, StraightRuns.minItems(runs[0]), "JUMP takes an item the run does not leave");
        assertEquals(0, runs[1], "PUSH data starts no run");
        assertEquals(3 + 1 + 2 + 8, StraightRuns.gas(runs[4]));
        assertEquals(3, StraightRuns.minItems(runs[4]), "ADD needs two, then POP and JUMP one each");
        assertEquals(8, StraightRuns.gas(runs[7]));
        assertEquals(0, runs[8], "STOP is no part of a run");
        assertEquals(InstructionTable.STACK_LIMIT - 2,
                StraightRuns.minItems(runs[0]) + StraightRuns.itemsRange(runs[0]),
                "the most items at its start: its two pushes then fill the stack");
    }

    @Test
    void gasAndOpcodesAForkLacksEndARun() {
        int[] runs = runs(Fork.PRAGUE, "0x60015a01");
        assertEquals(3, StraightRuns.gas(runs[0]), "PUSH1 only: GAS reads the gas left, so it is checked alone");
        assertEquals(0, runs[2]);
        assertEquals(3, StraightRuns.gas(runs[3]));
        assertEquals(0, runs(Fork.LONDON, "0x5f5f01")[0], "no PUSH0 before Shanghai");
        assertEquals(3, StraightRuns.gas(runs(Fork.LONDON, "0x60015f01")[0]));
        assertEquals(2 + 2 + 3, StraightRuns.gas(runs(Fork.SHANGHAI, "0x5f5f01")[0]));
    }

    @Test
    void theAnalysisIsKeptPerInstructionTable() {
        Code code = Code.initcode(Hex.decode("0x5f5f01"));
        InstructionTable london = ForkSpec.of(Fork.LONDON).table();
        InstructionTable shanghai = ForkSpec.of(Fork.SHANGHAI).table();
        int[] first = StraightRuns.of(code, shanghai);
        assertTrue(first == StraightRuns.of(code, shanghai), "not analysed again for the same table");
        assertNotEquals(first[0], StraightRuns.of(code, london)[0]);
        // Forks that differ only in opcodes no run holds share the analysis, so alternating blocks keep it.
        InstructionTable paris = ForkSpec.of(Fork.PARIS).table();
        InstructionTable cancun = ForkSpec.of(Fork.CANCUN).table();
        InstructionTable prague = ForkSpec.of(Fork.PRAGUE).table();
        assertTrue(StraightRuns.sameRuns(london, paris));
        assertTrue(StraightRuns.sameRuns(shanghai, cancun), "TLOAD, MCOPY, BLOBHASH... are no part of a run");
        assertFalse(StraightRuns.sameRuns(london, shanghai), "PUSH0");
        assertFalse(StraightRuns.sameRuns(prague, ForkSpec.of(Fork.OSAKA).table()), "CLZ");
        int[] forShanghai = StraightRuns.of(code, shanghai);
        assertTrue(forShanghai == StraightRuns.of(code, cancun));
        assertTrue(forShanghai == StraightRuns.of(code, prague));
        assertTrue(forShanghai == StraightRuns.of(code, shanghai));
    }

    @Test
    void codeWithoutTheOpcodesTwoForksDisagreeOnKeepsOneAnalysisForBoth() {
        InstructionTable london = ForkSpec.of(Fork.LONDON).table();
        InstructionTable shanghai = ForkSpec.of(Fork.SHANGHAI).table();
        Code old = Code.initcode(Hex.decode("0x6001600201605f50")); // 0x5f only as PUSH data
        int[] forLondon = StraightRuns.of(old, london);
        assertTrue(forLondon == StraightRuns.of(old, shanghai), "no PUSH0 in it: London's runs are Shanghai's");
        assertTrue(forLondon == StraightRuns.of(old, london));
        Code modern = Code.initcode(Hex.decode("0x60015f01"));
        int[] modernInLondon = StraightRuns.of(modern, london);
        int[] modernInShanghai = StraightRuns.of(modern, shanghai);
        assertFalse(modernInLondon == modernInShanghai, "PUSH0 ends a London run, not a Shanghai one");
        assertEquals(3, StraightRuns.gas(modernInLondon[0]));
        assertEquals(3 + 2 + 3, StraightRuns.gas(modernInShanghai[0]));
        // Blocks of both forks in turn (or on two threads at once) find both analyses kept, none built again.
        for (int turn = 0; turn < 3; turn++) {
            assertTrue(modernInLondon == StraightRuns.of(modern, london), "London's, turn " + turn);
            assertTrue(modernInShanghai == StraightRuns.of(modern, shanghai), "Shanghai's, turn " + turn);
        }
    }

    @Test
    void aRunWithGasForAllButItsLastOpcodeHaltsAsOpcodeByOpcode() {
        String code = "0x6001600101" + "50" + "00"; // PUSH1 1, PUSH1 1, ADD, POP, STOP: 11 gas
        TxResult enough = run(Fork.PRAGUE, code, 21_000 + 11);
        assertTrue(enough.success(), () -> "halted " + enough.halt());
        assertEquals(21_011, enough.gasUsed());
        TxResult short1 = run(Fork.PRAGUE, code, 21_000 + 10);
        assertEquals(HaltReason.OUT_OF_GAS, short1.halt());
        assertEquals(21_010, short1.gasUsed());
    }

    @Test
    void gasInsideStraightCodeReadsTheGasLeftAtIt() {
        // PUSH1 1, PUSH1 1, ADD, POP, GAS, PUSH1 0, SSTORE: the stored value is the gas left after GAS itself
        String code = "0x6001600101" + "50" + "5a" + "600055" + "00";
        long limit = 100_000;
        InterpreterTest.Run run = InterpreterTest.run(Fork.PRAGUE, code, limit);
        assertTrue(run.result().success(), () -> "halted " + run.result().halt());
        assertEquals(UInt256.of(limit - 21_000 - 11 - 2), run.state().storage(InterpreterTest.CONTRACT, UInt256.ZERO));
    }

    @Test
    void aStackThatWouldOverflowInsideARunHaltsAtTheOpcodeThatOverflows() {
        String pushes = "5f".repeat(InstructionTable.STACK_LIMIT + 1) + "00"; // one PUSH0 too many
        TxResult result = run(Fork.PRAGUE, "0x" + pushes, 1_000_000);
        assertEquals(HaltReason.STACK_OVERFLOW, result.halt());
        TxResult fits = run(Fork.PRAGUE, "0x" + "5f".repeat(InstructionTable.STACK_LIMIT) + "00", 1_000_000);
        assertTrue(fits.success(), () -> "halted " + fits.halt());
        assertEquals(21_000 + 2L * InstructionTable.STACK_LIMIT, fits.gasUsed());
    }

    @Test
    void push0BeforeShanghaiIsInvalidInsideStraightCode() {
        TxResult result = run(Fork.LONDON, "0x600160015f0100", 100_000);
        assertEquals(HaltReason.INVALID_OPCODE, result.halt());
    }

    @Test
    void jumpsFusedWithTheirPushAndLandingOnJumpdestsCostWhatTheyCostOpcodeByOpcode() {
        // PUSH1 1, PUSH2 8, JUMPI (taken) | 8: JUMPDEST, PUSH2 14, JUMP | 14: JUMPDEST, STOP: 3+3+10 + 1+3+8 + 1 gas
        String code = "0x600161000857" + "0000" + "5b61000e56" + "00" + "5b00";
        TxResult taken = run(Fork.PRAGUE, code, 21_000 + 29);
        assertTrue(taken.success(), () -> "halted " + taken.halt());
        assertEquals(21_029, taken.gasUsed());
        assertEquals(HaltReason.OUT_OF_GAS, run(Fork.PRAGUE, code, 21_000 + 28).halt(), "the last JUMPDEST unpaid");
        // not taken: falls through to the STOP at 6
        TxResult notTaken = run(Fork.PRAGUE, "0x600061000857" + "0000" + "5b61000e56" + "00" + "5b00", 100_000);
        assertTrue(notTaken.success());
        assertEquals(21_000 + 3 + 3 + 10, notTaken.gasUsed());
        // to a byte that is no JUMPDEST, by JUMP and by a taken JUMPI
        assertEquals(HaltReason.INVALID_JUMP, run(Fork.PRAGUE, "0x61000756" + "000000", 100_000).halt());
        assertEquals(HaltReason.INVALID_JUMP, run(Fork.PRAGUE, "0x600161000757" + "0000", 100_000).halt());
        assertEquals(100_000, run(Fork.PRAGUE, "0x61000756" + "000000", 100_000).gasUsed());
    }

    private static TxResult run(Fork fork, String code, long gas) {
        return InterpreterTest.run(fork, code, gas).result();
    }
}
