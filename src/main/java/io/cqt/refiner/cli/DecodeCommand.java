package io.cqt.refiner.cli;

import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints a specimen's block replica as the JSON the evm-server takes (typed block-specimen, "
                + "without the producer's receipts and uncles; --raw keeps them as written).")
final class DecodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "An Avro (codec 0.31-0.38) or JSON specimen.")
    Path file;

    @Option(names = "--codec", paramLabel = "V", converter = CodecConverter.class,
            description = "Force the Avro codec (0.31 ... 0.38) instead of detecting it.")
    CodecVersion codec;

    @Option(names = "--out", paramLabel = "F", description = "Write to this file (atomically) instead of stdout.")
    Path out;

    @Option(names = "--compact", description = "One line, no indentation.")
    boolean compact;

    @Option(names = "--raw", description = "The replica as the producer wrote it, with its receipts and type.")
    boolean raw;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Specimen specimen = SpecimenReader.read(file, codec);
        if (specimen.warning() != null) {
            spec.commandLine().getErr().println("refiner: warning: " + file + ": " + specimen.warning());
        }
        ReplicaJsonWriter writer = new ReplicaJsonWriter(!compact);
        BlockReplica replica = raw ? specimen.replica() : specimen.replica().asEvmServerInput();
        if (out == null) {
            OutputStream stdout = new BufferedOutputStream(System.out);
            writer.write(replica, specimen.codec(), stdout);
            stdout.write('\n');
            stdout.flush();
            return 0;
        }
        Path target = out.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp))) {
                writer.write(replica, specimen.codec(), os);
                os.write('\n');
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return 0;
    }

    static final class CodecConverter implements ITypeConverter<CodecVersion> {
        @Override
        public CodecVersion convert(String value) {
            return CodecVersion.parse(value);
        }
    }
}
