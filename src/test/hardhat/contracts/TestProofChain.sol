// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// The refiner's own stand-in for both proof-chain contracts (BSP and BRP) in tests.
/// It keeps the interface and revert strings the refiner relies on (docs/proof-chain.md),
/// with test hooks in place of staking and governance.
contract TestProofChain {
    event BlockSpecimenQuorum(uint64 indexed chainId, uint64 indexed blockHeight, uint256 validatorBitMap,
        bytes32 indexed blockHash, bytes32 specimenHash);
    event BlockResultQuorum(uint64 indexed chainId, uint64 indexed blockHeight, uint256 validatorBitMap,
        bytes32 indexed blockSpecimenHash, bytes32 resulthash);
    event QuorumNotReached(uint64 indexed chainId, uint64 blockHeight);
    event SessionStarted(uint64 indexed chainId, uint64 indexed blockHeight, uint64 deadline);

    struct ChainConfig { bool registered; uint64 sampleInterval; uint64 minHeight; uint64 maxHeight; }
    struct Session { bool started; bool finalized; uint64 deadline; }
    struct Proof { bytes32 resultHash; string storageURL; }

    mapping(address => bool) public isResultProducer;
    mapping(address => bool) public isValidatorEnabled;
    mapping(uint64 => ChainConfig) public chains;
    mapping(bytes32 => string[]) private urls;
    mapping(uint64 => mapping(uint64 => Session)) public sessions;
    mapping(uint64 => mapping(uint64 => mapping(address => uint8))) public submissionCount;
    mapping(uint64 => mapping(uint64 => mapping(address => mapping(bytes32 => Proof)))) private proofs;
    uint8 public maxSubmissions = 2;
    uint64 public sessionDuration = 240;
    string public forcedRevert;

    // ---- the refiner's interface ----

    function getURLS(bytes32 specimenHash) external view returns (string[] memory) {
        return urls[specimenHash];
    }

    function isSessionOpen(uint64 chainId, uint64 blockHeight, address operator) external view returns (bool) {
        Session storage s = sessions[chainId][blockHeight];
        if (s.finalized) return false;
        if (!s.started) return true;
        return block.number <= s.deadline && submissionCount[chainId][blockHeight][operator] < maxSubmissions;
    }

    function submitBlockResultProof(uint64 chainId, uint64 blockHeight, bytes32 specimenHash, bytes32 resultHash,
            string calldata storageURL) external {
        if (bytes(forcedRevert).length != 0) revert(forcedRevert);
        require(specimenHash != bytes32(0), "Invalid specimen hash");
        require(resultHash != bytes32(0), "Invalid result hash");
        require(bytes(storageURL).length != 0, "Invalid storage URL");
        require(isResultProducer[msg.sender], "Sender is not BLOCK_RESULT_PRODUCER_ROLE");
        ChainConfig storage chain = chains[chainId];
        require(chain.registered, "Invalid chain ID");
        require(blockHeight % chain.sampleInterval == 0, "Invalid block height");
        Session storage s = sessions[chainId][blockHeight];
        require(!s.finalized && (!s.started || block.number <= s.deadline), "Session submissions have closed");
        require(blockHeight >= chain.minHeight && blockHeight <= chain.maxHeight,
            "Block height is out of bounds for live sync");
        require(submissionCount[chainId][blockHeight][msg.sender] < maxSubmissions, "Max submissions limit exceeded");
        require(isValidatorEnabled[msg.sender], "Validator is not enabled");
        Proof storage p = proofs[chainId][blockHeight][msg.sender][specimenHash];
        require(p.resultHash == bytes32(0), "Operator already submitted for the provided block hash");

        if (!s.started) {
            s.started = true;
            s.deadline = uint64(block.number) + sessionDuration;
            emit SessionStarted(chainId, blockHeight, s.deadline);
        }
        submissionCount[chainId][blockHeight][msg.sender] += 1;
        p.resultHash = resultHash;
        p.storageURL = storageURL;
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

    function registerChain(uint64 chainId, uint64 sampleInterval, uint64 minHeight, uint64 maxHeight) external {
        chains[chainId] = ChainConfig(true, sampleInterval, minHeight, maxHeight);
    }

    function addURL(bytes32 specimenHash, string calldata url) external {
        urls[specimenHash].push(url);
    }

    function emitSpecimenQuorum(uint64 chainId, uint64 blockHeight, uint256 validatorBitMap, bytes32 blockHash,
            bytes32 specimenHash) external {
        emit BlockSpecimenQuorum(chainId, blockHeight, validatorBitMap, blockHash, specimenHash);
    }

    /// Finalizes a session without quorum, as anyone may after the deadline.
    function closeSession(uint64 chainId, uint64 blockHeight) external {
        sessions[chainId][blockHeight].finalized = true;
        emit QuorumNotReached(chainId, blockHeight);
    }

    function setMaxSubmissions(uint8 limit) external {
        maxSubmissions = limit;
    }

    function setSessionDuration(uint64 blocks) external {
        sessionDuration = blocks;
    }

    /// A non-empty reason makes every submission revert with it first.
    function setForcedRevert(string calldata reason) external {
        forcedRevert = reason;
    }
}
