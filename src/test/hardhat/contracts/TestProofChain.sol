// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// The refiner's own stand-in for both proof-chain contracts (BSP and BRP) in tests.
/// It behaves as docs/proof-chain.md describes the production contracts in everything the refiner can observe:
/// the revert strings and the order of the checks, a session opened by its first submission (the only one checked
/// against the moving live-sync window and the only one free of the submission limit), isSessionOpen's
/// `counter == max` rule, getChainData/getMetadata, and the SessionStarted and
/// BlockResultProductionProofSubmitted events. Staking and governance are replaced by test hooks.
contract TestProofChain {
    event BlockSpecimenQuorum(uint64 indexed chainId, uint64 indexed blockHeight, uint256 validatorBitMap,
        bytes32 indexed blockHash, bytes32 specimenHash);
    event BlockResultQuorum(uint64 indexed chainId, uint64 indexed blockHeight, uint256 validatorBitMap,
        bytes32 indexed blockSpecimenHash, bytes32 resulthash);
    event BlockResultProductionProofSubmitted(uint64 chainId, uint64 blockHeight, bytes32 blockSpecimenHash,
        bytes32 resultHash, string storageURL);
    event QuorumNotReached(uint64 indexed chainId, uint64 blockHeight);
    event SessionStarted(uint64 indexed chainId, uint64 indexed blockHeight, uint64 deadline);

    struct ChainData {
        uint256 blockOnTargetChain;
        uint256 blockOnCurrentChain;
        uint256 secondsPerBlockTargetChain;
        uint128 allowedThreshold;
        uint128 maxSubmissionsPerBlockHeight;
        uint64 nthBlock;
    }
    struct Session { uint64 deadline; bool done; }
    struct Proof { bytes32 resultHash; string storageURL; }

    mapping(address => bool) public isResultProducer;
    mapping(address => bool) public isValidatorEnabled;
    mapping(uint64 => ChainData) private chains;
    mapping(bytes32 => string[]) private urls;
    mapping(uint64 => mapping(uint64 => Session)) public sessions;
    mapping(uint64 => mapping(uint64 => mapping(address => uint128))) public submissionCount;
    mapping(uint64 => mapping(uint64 => mapping(address => mapping(bytes32 => Proof)))) private proofs;
    uint64 public sessionDuration = 240;
    uint256 public secondsPerBlockCurrentChain = 12;
    string public forcedRevert;

    // ---- the refiner's interface ----

    function getURLS(bytes32 hash) external view returns (string[] memory) {
        return urls[hash];
    }

    function isSessionOpen(uint64 chainId, uint64 blockHeight, address operator) external view returns (bool) {
        Session storage s = sessions[chainId][blockHeight];
        bool atLimit = submissionCount[chainId][blockHeight][operator] == chains[chainId].maxSubmissionsPerBlockHeight;
        return (!atLimit && block.number <= s.deadline) || (s.deadline == 0 && !s.done);
    }

    function getChainData(uint64 chainId) external view returns (uint256 blockOnTargetChain,
            uint256 blockOnCurrentChain, uint256 secondsPerBlockTargetChain, uint128 allowedThreshold,
            uint128 maxSubmissionsPerBlockHeight, uint64 nthBlock) {
        ChainData storage c = chains[chainId];
        return (c.blockOnTargetChain, c.blockOnCurrentChain, c.secondsPerBlockTargetChain, c.allowedThreshold,
            c.maxSubmissionsPerBlockHeight, c.nthBlock);
    }

    /// The production tuple; what the refiner does not read is zero here.
    function getMetadata() external view returns (address stakingManager, uint128 blockResultRewardAllocation,
            uint64 blockResultSessionDuration, uint64 minSubmissionsRequired, uint256 blockResultQuorum,
            uint256 secondsPerBlock) {
        return (address(0), 0, sessionDuration, 1, 0, secondsPerBlockCurrentChain);
    }

    function submitBlockResultProof(uint64 chainId, uint64 blockHeight, bytes32 specimenHash, bytes32 resultHash,
            string calldata storageURL) external {
        if (bytes(forcedRevert).length != 0) revert(forcedRevert);
        require(specimenHash != bytes32(0), "Invalid specimen hash");
        require(resultHash != bytes32(0), "Invalid result hash");
        require(bytes(storageURL).length != 0, "Invalid storage URL");
        require(isResultProducer[msg.sender], "Sender is not BLOCK_RESULT_PRODUCER_ROLE");
        ChainData storage chain = chains[chainId];
        require(chain.nthBlock != 0, "Invalid chain ID");
        require(blockHeight % chain.nthBlock == 0, "Invalid block height");
        Session storage s = sessions[chainId][blockHeight];
        if (s.deadline == 0) {
            // The opening submission: checked against the window, not against the limit or earlier proofs.
            require(!s.done, "Session submissions have closed");
            (uint256 lower, uint256 upper) = liveSyncWindow(chain);
            require(lower <= blockHeight && blockHeight <= upper, "Block height is out of bounds for live sync");
            s.deadline = uint64(block.number) + sessionDuration;
            emit SessionStarted(chainId, blockHeight, s.deadline);
            require(isValidatorEnabled[msg.sender], "Validator is not enabled");
        } else {
            require(block.number <= s.deadline, "Session submissions have closed");
            require(submissionCount[chainId][blockHeight][msg.sender] < chain.maxSubmissionsPerBlockHeight,
                "Max submissions limit exceeded");
            require(isValidatorEnabled[msg.sender], "Validator is not enabled");
            require(proofs[chainId][blockHeight][msg.sender][specimenHash].resultHash == bytes32(0),
                "Operator already submitted for the provided block hash");
        }
        submissionCount[chainId][blockHeight][msg.sender] += 1;
        Proof storage p = proofs[chainId][blockHeight][msg.sender][specimenHash];
        p.resultHash = resultHash;
        p.storageURL = storageURL;
        urls[resultHash].push(storageURL);
        emit BlockResultProductionProofSubmitted(chainId, blockHeight, specimenHash, resultHash, storageURL);
    }

    /// The target chain's estimated head at this block, plus or minus half the threshold. The lower bound is 0
    /// until the estimate reaches the whole threshold, as in production.
    function liveSyncWindow(ChainData storage chain) private view returns (uint256 lower, uint256 upper) {
        uint256 estimate = chain.blockOnTargetChain + ((block.number - chain.blockOnCurrentChain)
            * secondsPerBlockCurrentChain) / chain.secondsPerBlockTargetChain;
        lower = estimate >= chain.allowedThreshold ? estimate - chain.allowedThreshold / 2 : 0;
        upper = estimate + chain.allowedThreshold / 2;
    }

    /// What an operator proved, read back by tests.
    function getProof(uint64 chainId, uint64 blockHeight, address operator, bytes32 specimenHash)
            external view returns (bytes32 resultHash, string memory storageURL) {
        Proof storage p = proofs[chainId][blockHeight][operator][specimenHash];
        return (p.resultHash, p.storageURL);
    }

    // ---- test hooks ----

    function registerOperator(address operator, bool resultProducer, bool validatorEnabled) external {
        isResultProducer[operator] = resultProducer;
        isValidatorEnabled[operator] = validatorEnabled;
    }

    /// Registers a chain (or changes it): what the governor sets in production.
    function setChainData(uint64 chainId, uint256 blockOnTargetChain, uint256 blockOnCurrentChain,
            uint256 secondsPerBlockTargetChain, uint128 allowedThreshold, uint128 maxSubmissions, uint64 nthBlock)
            external {
        chains[chainId] = ChainData(blockOnTargetChain, blockOnCurrentChain, secondsPerBlockTargetChain,
            allowedThreshold, maxSubmissions, nthBlock);
    }

    function setMaxSubmissions(uint64 chainId, uint128 limit) external {
        chains[chainId].maxSubmissionsPerBlockHeight = limit;
    }

    function setSecondsPerBlockCurrentChain(uint256 seconds_) external {
        secondsPerBlockCurrentChain = seconds_;
    }

    function setSessionDuration(uint64 blocks) external {
        sessionDuration = blocks;
    }

    function addURL(bytes32 specimenHash, string calldata url) external {
        urls[specimenHash].push(url);
    }

    function emitSpecimenQuorum(uint64 chainId, uint64 blockHeight, uint256 validatorBitMap, bytes32 blockHash,
            bytes32 specimenHash) external {
        emit BlockSpecimenQuorum(chainId, blockHeight, validatorBitMap, blockHash, specimenHash);
    }

    /// Finalizes a session without quorum, as anyone may after the deadline (here at any time).
    function closeSession(uint64 chainId, uint64 blockHeight) external {
        Session storage s = sessions[chainId][blockHeight];
        s.done = true;
        s.deadline = 0;
        emit QuorumNotReached(chainId, blockHeight);
    }

    /// A non-empty reason makes every submission revert with it first.
    function setForcedRevert(string calldata reason) external {
        forcedRevert = reason;
    }
}
