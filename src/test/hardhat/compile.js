// Compiles contracts/TestProofChain.sol with the pinned npm solc (offline) and writes the ABI and bytecode the
// Java tests load. `node compile.js --check` instead exits 1 when the committed artifacts differ from the output.
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const source = path.join(__dirname, "contracts", "TestProofChain.sol");
const outDir = path.join(__dirname, "..", "resources", "io", "cqt", "refiner", "proofchain");
const input = {
  language: "Solidity",
  sources: { "TestProofChain.sol": { content: fs.readFileSync(source, "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none" },
    outputSelection: { "*": { TestProofChain: ["abi", "evm.bytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  errors.forEach((e) => console.error(e.formattedMessage));
  process.exit(2);
}
const contract = output.contracts["TestProofChain.sol"].TestProofChain;
const artifacts = {
  "TestProofChain.abi.json": JSON.stringify(contract.abi, null, 2) + "\n",
  "TestProofChain.bin": "0x" + contract.evm.bytecode.object + "\n",
};
const check = process.argv.includes("--check");
let stale = false;
for (const [name, text] of Object.entries(artifacts)) {
  const file = path.join(outDir, name);
  if (check) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (committed !== text) {
      console.error("stale artifact: " + file + " (run: node src/test/hardhat/compile.js)");
      stale = true;
    }
  } else {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, text);
  }
}
console.log((check ? "checked " : "wrote ") + "artifacts with solc " + solc.version());
process.exit(stale ? 1 : 0);
