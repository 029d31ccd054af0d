package io.cqt.refiner.specimen.avro;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaBuilder.FieldAssembler;

/**
 * The writer schemas of every specimen codec, defined once: each field is added from the codec that introduced it.
 * Tests check each against the published {@code block-ethereum-0.3x.avsc} by parsing canonical form.
 *
 * <p>What changed, by codec: 0.32 adds {@code Header.withdrawalsRoot}; 0.33 adds {@code Withdrawals}; 0.34 changes
 * nothing but the version; 0.35 makes {@code uncles} nullable; 0.36 adds the Cancun header fields; 0.37 adds the
 * blob transaction fields and {@code BlobTxSidecars}; 0.38 adds {@code Header.requestsHash} and the transaction's
 * {@code Data} and {@code AuthList}.
 */
public final class SpecimenSchemas {
    public static final String NAMESPACE = "com.covalenthq.brp.avro";

    private static final Map<CodecVersion, Schema> SCHEMAS = new EnumMap<>(CodecVersion.class);

    static {
        for (CodecVersion v : CodecVersion.values()) {
            SCHEMAS.put(v, build(v));
        }
    }

    private SpecimenSchemas() {
    }

    public static Schema of(CodecVersion version) {
        return SCHEMAS.get(version);
    }

    private static Schema build(CodecVersion v) {
        Schema header = header(v);
        FieldAssembler<Schema> data = record("data")
                .name("Type").type().stringType().noDefault()
                .name("NetworkId").type().intType().noDefault()
                .name("Hash").type().stringType().noDefault()
                .name("TotalDifficulty").type(decimal()).noDefault()
                .name("Header").type(header).noDefault()
                .name("Transactions").type().array().items(transaction(v)).noDefault()
                .name("uncles").type(uncles(v, header)).withDefault(v.isAtLeast(CodecVersion.V0_35) ? null : List.of())
                .name("Receipts").type().array().items(receipt()).noDefault()
                .name("Senders").type().array().items().stringType().noDefault()
                .name("State").type(state()).noDefault();
        if (v.isAtLeast(CodecVersion.V0_33)) {
            data = data.name("Withdrawals").type(optional(Schema.createArray(withdrawal()))).withDefault(null);
        }
        if (v.isAtLeast(CodecVersion.V0_37)) {
            data = data.name("BlobTxSidecars").type(optional(Schema.createArray(blobTxSidecar()))).withDefault(null);
        }
        Schema replicaEvent = record("replicaEvent")
                .name("hash").type().stringType().noDefault()
                .name("data").type(data.endRecord()).noDefault()
                .endRecord();
        return record("ReplicationSegment")
                .name("replicaEvent").type().array().items(replicaEvent).noDefault()
                .name("startBlock").type().longType().noDefault()
                .name("endBlock").type().longType().noDefault()
                .name("elements").type().longType().noDefault()
                .name("codecVersion").type().doubleType().doubleDefault(v.number())
                .endRecord();
    }

    private static Schema header(CodecVersion v) {
        FieldAssembler<Schema> f = record("Header")
                .name("parentHash").type().stringType().noDefault()
                .name("sha3Uncles").type().stringType().noDefault()
                .name("miner").type().stringType().noDefault()
                .name("stateRoot").type().stringType().noDefault()
                .name("transactionsRoot").type().stringType().noDefault()
                .name("receiptsRoot").type().stringType().noDefault()
                .name("logsBloom").type().array().items().intType().noDefault()
                .name("difficulty").type(decimal()).noDefault()
                .name("number").type(decimal()).noDefault()
                .name("gasLimit").type().intType().noDefault()
                .name("gasUsed").type().intType().noDefault()
                .name("timestamp").type().intType().noDefault()
                .name("extraData").type().stringType().noDefault()
                .name("mixHash").type().stringType().noDefault()
                .name("nonce").type().array().items().longType().noDefault()
                .name("baseFeePerGas").type(decimal()).noDefault();
        if (v.isAtLeast(CodecVersion.V0_32)) {
            f = f.name("withdrawalsRoot").type().optional().stringType();
        }
        if (v.isAtLeast(CodecVersion.V0_36)) {
            f = f.name("blobGasUsed").type().optional().intType()
                    .name("excessBlobGas").type().optional().intType()
                    .name("parentBeaconBlockRoot").type().optional().stringType();
        }
        if (v.isAtLeast(CodecVersion.V0_38)) {
            f = f.name("requestsHash").type().optional().stringType();
        }
        return f.endRecord();
    }

    private static Schema transaction(CodecVersion v) {
        Schema accessListEntry = record("accessList_record")
                .name("address").type().stringType().noDefault()
                .name("storageKeys").type().array().items().stringType().noDefault()
                .endRecord();
        FieldAssembler<Schema> f = record("Transactions_record")
                .name("type").type().intType().noDefault()
                .name("accessList").type().array().items(accessListEntry).noDefault()
                .name("chainId").type(decimal()).noDefault()
                .name("nonce").type().longType().noDefault()
                .name("gasPrice").type(decimal()).noDefault()
                .name("gasTipCap").type(decimal()).noDefault()
                .name("gasFeeCap").type(decimal()).noDefault()
                .name("gas").type().longType().noDefault()
                .name("from").type().optional().stringType()
                .name("to").type().optional().stringType()
                .name("v").type(optional(decimal())).withDefault(null)
                .name("r").type(optional(decimal())).withDefault(null)
                .name("s").type(optional(decimal())).withDefault(null)
                .name("value").type(decimal()).noDefault()
                .name("input").type().stringType().noDefault();
        if (v.isAtLeast(CodecVersion.V0_37)) {
            f = f.name("blobFeeCap").type(optional(decimal())).withDefault(null)
                    .name("blobHashes").type().optional().array().items().stringType()
                    .name("blobGas").type().optional().intType();
        }
        if (v.isAtLeast(CodecVersion.V0_38)) {
            f = f.name("Data").type().optional().stringType()
                    .name("AuthList").type(optional(Schema.createArray(authorization()))).withDefault(null);
        }
        return f.endRecord();
    }

    private static Schema authorization() {
        return record("AuthList_record")
                .name("chainId").type(decimal()).noDefault()
                .name("address").type().stringType().noDefault()
                .name("nonce").type().longType().noDefault()
                .name("yParity").type(decimal()).noDefault()
                .name("r").type(decimal()).noDefault()
                .name("s").type(decimal()).noDefault()
                .endRecord();
    }

    private static Schema uncles(CodecVersion v, Schema header) {
        Schema array = Schema.createArray(header);
        return v.isAtLeast(CodecVersion.V0_35) ? optional(array) : array;
    }

    private static Schema receipt() {
        Schema log = record("Logs_record")
                .name("address").type().stringType().noDefault()
                .name("topics").type().array().items().stringType().noDefault()
                .name("data").type().stringType().noDefault()
                .name("blockNumber").type().longType().noDefault()
                .name("transactionHash").type().stringType().noDefault()
                .name("transactionIndex").type().intType().noDefault()
                .name("blockHash").type().stringType().noDefault()
                .name("logIndex").type().intType().noDefault()
                .name("removed").type().booleanType().noDefault()
                .endRecord();
        return record("Receipts_record")
                .name("PostStateOrStatus").type().stringType().noDefault()
                .name("CumulativeGasUsed").type().intType().noDefault()
                .name("TxHash").type().stringType().noDefault()
                .name("ContractAddress").type().stringType().noDefault()
                .name("Logs").type().array().items(log).noDefault()
                .name("GasUsed").type().intType().noDefault()
                .endRecord();
    }

    private static Schema state() {
        return record("State")
                .name("AccountRead").type().array().items(record("AccountRead_record")
                        .name("Address").type().stringType().noDefault()
                        .name("Nonce").type().longType().noDefault()
                        .name("Balance").type(decimal()).noDefault()
                        .name("CodeHash").type().stringType().noDefault()
                        .endRecord()).noDefault()
                .name("StorageRead").type().array().items(record("StorageRead_record")
                        .name("Account").type().stringType().noDefault()
                        .name("SlotKey").type().stringType().noDefault()
                        .name("Value").type().stringType().noDefault()
                        .endRecord()).noDefault()
                .name("CodeRead").type().array().items(record("CodeRead_record")
                        .name("Hash").type().stringType().noDefault()
                        .name("Code").type().stringType().noDefault()
                        .endRecord()).noDefault()
                .name("BlockhashRead").type().array().items(record("BlockhashRead_record")
                        .name("BlockNumber").type().longType().noDefault()
                        .name("BlockHash").type().stringType().noDefault()
                        .endRecord()).noDefault()
                .endRecord();
    }

    private static Schema withdrawal() {
        return record("Withdrawals_record")
                .name("index").type().longType().noDefault()
                .name("validatorIndex").type().longType().noDefault()
                .name("address").type().stringType().noDefault()
                .name("amount").type().longType().noDefault()
                .endRecord();
    }

    private static Schema blobTxSidecar() {
        return record("BlobTxSidecars_record")
                .name("Blobs").type().array().items().bytesType().noDefault()
                .name("Commitments").type().array().items().bytesType().noDefault()
                .name("Proofs").type().array().items().bytesType().noDefault()
                .endRecord();
    }

    /** The producer's "decimal" bytes: really ASCII hex text (see the reader); the logical type is declared only. */
    private static Schema decimal() {
        return LogicalTypes.decimal(1000).addToSchema(Schema.create(Schema.Type.BYTES));
    }

    private static Schema optional(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    private static FieldAssembler<Schema> record(String name) {
        return SchemaBuilder.record(name).namespace(NAMESPACE).fields();
    }
}
