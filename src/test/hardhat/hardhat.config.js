// prague, not the default osaka: osaka caps a transaction at 2^24 gas (see docs/proof-chain.md).
module.exports = {
  networks: {
    hardhat: { chainId: 31337, hardfork: "prague" },
  },
};
