package io.cqt.refiner.testdata;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.Bloom;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.ReceiptEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.specimen.avro.AvroSpecimenWriter;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * The project's own specimen, {@code test-data/specimens/synthetic-transfers-0.37.avro}: a Cancun block, made up
 * here, with three plain value transfers (legacy EIP-155, EIP-2930 and EIP-1559) signed by the well-known test keys
 * 1, 2 and 3, and one withdrawal. Every root in its header is computed from its contents, so a correct executor
 * verifies it: each transfer costs exactly 21,000 gas, succeeds and logs nothing. Deterministic (RFC 6979
 * signatures), so the file can be regenerated and compared: see test-data/README.md.
 */
public final class SyntheticSpecimen {
    public static final String FILE = "synthetic-transfers-0.37.avro";
    public static final CodecVersion CODEC = CodecVersion.V0_37;

    static final long BLOCK = 19_500_000L;
    static final long TIMESTAMP = 1_711_000_007L;
    private static final long GAS_PER_TRANSFER = 21_000L;
    private static final UInt256 BASE_FEE = UInt256.of(7_000_000_000L);
    private static final UInt256 ETHER = UInt256.of(new BigInteger("1000000000000000000"));
    private static final Address COINBASE = Address.fromHex("0x00000000000000000000000000000000c0ffee00");
    private static final Address RECIPIENT = Address.fromHex("0x000000000000000000000000000000000000beef");

    private SyntheticSpecimen() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "test-data/specimens/" + FILE);
        Files.write(target, avro());
        System.out.println("wrote " + target);
    }

    public static byte[] avro() {
        return new AvroSpecimenWriter().write(segment(), CODEC);
    }

    static Segment segment() {
        BlockReplica replica = replica();
        return new Segment(List.of(new Segment.ReplicaEvent(replica.hash().toHex(), replica)), BLOCK, BLOCK, 1,
                CODEC.number());
    }

    private static BlockReplica replica() {
        TransactionEncoding encoding = new TransactionEncoding();
        List<Transaction> transactions = new ArrayList<>();
        List<Address> senders = new ArrayList<>();
        for (int key = 1; key <= 3; key++) {
            Transaction unsigned = transfer(key - 1, null, null, null);
            byte[] digest = encoding.signingHash(unsigned).array();
            BigInteger[] rs = sign(BigInteger.valueOf(key), digest);
            Address sender = address(BigInteger.valueOf(key));
            int recovery = recoveryId(digest, rs, sender);
            UInt256 v = switch (unsigned.type()) {
                case Transaction.LEGACY -> UInt256.of(35 + 2 * 1 + recovery); // EIP-155, chain id 1
                default -> UInt256.of(recovery);
            };
            transactions.add(transfer(key - 1, v, UInt256.of(rs[0]), UInt256.of(rs[1])));
            senders.add(sender);
        }

        ReceiptEncoding receiptEncoding = new ReceiptEncoding();
        List<Receipt> receipts = new ArrayList<>();
        List<byte[]> encodedReceipts = new ArrayList<>();
        for (int i = 0; i < transactions.size(); i++) {
            long cumulative = GAS_PER_TRANSFER * (i + 1);
            receipts.add(new Receipt(Bytes.wrap(new byte[] {1}), cumulative, Hash.ZERO, Address.ZERO, List.of(), 0));
            encodedReceipts.add(receiptEncoding.encode(transactions.get(i).type(), true, cumulative, List.of()));
        }
        List<Withdrawal> withdrawals = List.of(new Withdrawal(1, 42, RECIPIENT, 1_000_000_000L));

        Header header = new Header(
                Hash.wrap(Keccak256.hash("refiner synthetic parent".getBytes(StandardCharsets.US_ASCII))),
                Keccak256.EMPTY_LIST,
                COINBASE,
                Hash.wrap(Keccak256.hash("refiner synthetic state".getBytes(StandardCharsets.US_ASCII))),
                BlockRoots.transactionsRoot(transactions),
                BlockRoots.receiptsRoot(encodedReceipts),
                Bytes.wrap(new byte[Bloom.SIZE]),
                UInt256.ZERO,
                BLOCK,
                30_000_000L,
                GAS_PER_TRANSFER * transactions.size(),
                TIMESTAMP,
                Bytes.wrap("refiner synthetic block".getBytes(StandardCharsets.US_ASCII)),
                Hash.wrap(Keccak256.hash("refiner synthetic randao".getBytes(StandardCharsets.US_ASCII))),
                Bytes.wrap(new byte[Header.NONCE_SIZE]),
                BASE_FEE,
                BlockRoots.withdrawalsRoot(withdrawals),
                0L,
                0L,
                Hash.wrap(Keccak256.hash("refiner synthetic beacon root".getBytes(StandardCharsets.US_ASCII))),
                null);

        List<StateReads.AccountRead> accounts = new ArrayList<>();
        for (Address sender : senders) {
            accounts.add(new StateReads.AccountRead(sender, 0, ETHER, Keccak256.EMPTY));
        }
        accounts.add(new StateReads.AccountRead(RECIPIENT, 0, UInt256.ZERO, Keccak256.EMPTY));
        accounts.add(new StateReads.AccountRead(COINBASE, 0, UInt256.ZERO, Keccak256.EMPTY));
        StateReads state = new StateReads(accounts, List.of(), List.of(), List.of());

        return new BlockReplica("block-replica", 1, HeaderEncoding.hash(header),
                UInt256.of(new BigInteger("58750003716598352816469")), header, transactions, null, receipts, senders,
                state, withdrawals, List.of());
    }

    /** Transfer {@code index}: one of each pre-blob fee type, 0.01 ether each to the same recipient. */
    private static Transaction transfer(int index, UInt256 v, UInt256 r, UInt256 s) {
        UInt256 value = UInt256.of(10_000_000_000_000_000L);
        UInt256 tip = UInt256.of(1_000_000_000L);
        UInt256 maxFee = UInt256.of(20_000_000_000L);
        return switch (index) {
            case 0 -> new Transaction(Transaction.LEGACY, List.of(), UInt256.ONE, 0, maxFee, maxFee, maxFee,
                    GAS_PER_TRANSFER, null, RECIPIENT, value, Bytes.EMPTY, v, r, s, null, null, null, null, null);
            case 1 -> new Transaction(Transaction.ACCESS_LIST, List.of(), UInt256.ONE, 0, maxFee, maxFee, maxFee,
                    GAS_PER_TRANSFER, null, RECIPIENT, value, Bytes.EMPTY, v, r, s, null, null, null, null, null);
            default -> new Transaction(Transaction.DYNAMIC_FEE, List.of(), UInt256.ONE, 0, tip, tip, maxFee,
                    GAS_PER_TRANSFER, null, RECIPIENT, value, Bytes.EMPTY, v, r, s, null, null, null, null, null);
        };
    }

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());

    /** Deterministic ECDSA (RFC 6979) with s in the lower half, as Ethereum requires of transactions. */
    private static BigInteger[] sign(BigInteger privateKey, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        if (rs[1].compareTo(DOMAIN.getN().shiftRight(1)) > 0) {
            rs[1] = DOMAIN.getN().subtract(rs[1]);
        }
        return rs;
    }

    static Address address(BigInteger privateKey) {
        byte[] point = DOMAIN.getG().multiply(privateKey).normalize().getEncoded(false);
        byte[] hash = Keccak256.hash(point, 1, 64);
        return Address.wrap(java.util.Arrays.copyOfRange(hash, 12, 32));
    }

    /** Which of the two candidate public keys is the signer's, found with our own ECRECOVER precompile. */
    private static int recoveryId(byte[] digest, BigInteger[] rs, Address expected) {
        for (int recovery = 0; recovery <= 1; recovery++) {
            byte[] input = new byte[128];
            System.arraycopy(digest, 0, input, 0, 32);
            input[63] = (byte) (27 + recovery);
            System.arraycopy(UInt256.of(rs[0]).toBytes32(), 0, input, 64, 32);
            System.arraycopy(UInt256.of(rs[1]).toBytes32(), 0, input, 96, 32);
            PrecompileResult result = MainnetPrecompiles.forFork(Fork.CANCUN).get(PrecompileSet.address(1))
                    .run(input);
            if (result.success() && result.output().length == 32
                    && Address.fromWord(result.output()).equals(expected)) {
                return recovery;
            }
        }
        throw new IllegalStateException("no recovery id recovers " + expected);
    }
}
