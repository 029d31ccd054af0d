package io.cqt.refiner.evm.frame;

/** Why a frame stopped. Only STOP, RETURN and SELFDESTRUCT succeed; REVERT keeps its unused gas; the rest consume it. */
public enum HaltReason {
    STOP,
    RETURN,
    SELFDESTRUCT,
    REVERT,
    OUT_OF_GAS,
    INVALID_OPCODE,
    STACK_UNDERFLOW,
    STACK_OVERFLOW,
    INVALID_JUMP,
    STATIC_CALL_VIOLATION,
    RETURN_DATA_OUT_OF_BOUNDS,
    /** EIP-3541: new code may not start with 0xEF. */
    INVALID_CODE_PREFIX,
    /** EIP-170: deployed code over the size limit. */
    CODE_TOO_LARGE,
    /** EIP-3860: init code over the size limit. */
    INITCODE_TOO_LARGE,
    /** CREATE into an address that is taken (EIP-684, EIP-7610). */
    CREATE_COLLISION,
    PRECOMPILE_FAILURE;

    public boolean success() {
        return this == STOP || this == RETURN || this == SELFDESTRUCT;
    }

    /** True for halts that consume all of the frame's gas. */
    public boolean exceptional() {
        return !success() && this != REVERT;
    }
}
