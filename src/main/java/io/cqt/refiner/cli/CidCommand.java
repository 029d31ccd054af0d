package io.cqt.refiner.cli;

import io.cqt.refiner.ipfs.UnixFsImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "cid", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints the CID the pinner would return for each file (UnixFS, CIDv1, raw leaves, "
                + "256 KiB chunks, balanced, 174 links).",
                "One file: the CID alone. Several: one 'CID  FILE' line each."})
final class CidCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to hash.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        UnixFsImporter importer = new UnixFsImporter();
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + " is a directory; refiner cid takes files");
            }
            String cid = importer.cidOf(file).root().toString();
            out.println(files.size() == 1 ? cid : cid + "  " + file);
        }
        out.flush();
        return 0;
    }
}
