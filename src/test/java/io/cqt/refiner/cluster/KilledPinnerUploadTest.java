package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL on `refiner pinner` while an upload streams in: the upload's file stays in the pinner's {@code .uploads}
 * folder, and the next start removes it (and a half-written block of the store), leaving other files alone.
 */
class KilledPinnerUploadTest {
    private static final Pattern LISTENING = Pattern.compile("pinner: listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern UPLOAD_NAME = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    @TempDir
    Path root;

    private RefinerProcess start(String log) throws Exception {
        RefinerProcess pinner = RefinerProcess.command(root.resolve(log),
                List.of("pinner", "--port", "0", "--dir", root.resolve("blocks").toString()));
        pinner.awaitLog("the pinner listening", log1 -> LISTENING.matcher(log1).find(), 120);
        return pinner;
    }

    private static List<Path> uploadFiles(Path uploads) throws IOException {
        try (Stream<Path> files = Files.list(uploads)) {
            return files.filter(file -> UPLOAD_NAME.matcher(file.getFileName().toString()).matches()).toList();
        }
    }

    @Test
    void aRestartRemovesTheUploadAKilledPinnerWasReceivingAndNothingElse() throws Exception {
        Path uploads = root.resolve("blocks").resolve(".uploads");
        try (RefinerProcess pinner = start("killed.log")) {
            Matcher port = LISTENING.matcher(pinner.log());
            assertTrue(port.find());
            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port.group(1)))) {
                // A multipart upload that announces 8 MiB of file and sends the first 256 KiB, then stalls.
                String boundary = "b0undary";
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"specimen.avro\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                long length = head.length + (8L << 20) + ("\r\n--" + boundary + "--\r\n").length();
                OutputStream out = socket.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                        + boundary + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(head);
                out.write(new byte[256 << 10]);
                out.flush();
                pinner.awaitLog("the upload's file in " + uploads, log -> {
                    try {
                        return uploadFiles(uploads).stream().anyMatch(file -> file.toFile().length() > 0);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, 60);
                pinner.kill();
            }
        }
        List<Path> abandoned = uploadFiles(uploads);
        assertEquals(1, abandoned.size(), "the killed pinner's upload stays behind: " + abandoned);
        Path shard = Files.createDirectories(root.resolve("blocks").resolve("xy"));
        Path halfBlock = Files.writeString(shard.resolve(".incoming-1234567890.tmp"), "half a block");
        List<Path> foreign = List.of(
                Files.writeString(uploads.resolve("notes.txt"), "mine"),
                Files.writeString(uploads.resolve("0a1b2c3d.tmp"), "mine"),
                Files.writeString(shard.resolve(".other-1.tmp"), "mine"));

        try (RefinerProcess restarted = start("restarted.log")) {
            assertEquals(List.of(), uploadFiles(uploads), "abandoned uploads after a restart");
            assertTrue(Files.notExists(halfBlock), halfBlock.toString());
            for (Path path : foreign) {
                assertTrue(Files.exists(path), "not ours to remove: " + path);
            }
            assertTrue(restarted.log().contains("removed 1 half-received upload(s) left by an earlier run"),
                    restarted.log());
            assertEquals(143, restarted.terminate(60));
        }
    }
}
