package io.cqt.refiner.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.pipeline.ProofChainConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The deployment files agree with the code and the README they package. */
class DeploymentFilesTest {
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    @Test
    void theDockerfileBuildsWithTheReadmesBuildCommand() throws IOException {
        String readme = readmeBuildCommand();
        String docker = dockerfileBuildCommand();
        assertTrue(readme.startsWith("mvn "), readme);
        assertEquals(readme, docker, "docker/Dockerfile must build with the README's command");
    }

    @Test
    void theImageRunsTheJarTheBuildMakesAsAnUnprivilegedUserWithAHealthcheck() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        // The README runs the jar the build makes; the runtime stage must copy that same file.
        String readmeJar = Arrays.stream(readmeBlockLine().split("\\s+")).filter(t -> t.endsWith(".jar"))
                .findFirst().orElseThrow();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build") && l.contains("/" + readmeJar)),
                "the runtime stage copies " + readmeJar);
        long stages = lines.stream().filter(l -> l.startsWith("FROM ")).count();
        assertEquals(2, stages, "a build stage and a runtime stage");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
        assertNotEquals("root", user.substring(5).strip());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("healthcheck.sh")));
    }

    @Test
    void theComposeFilesSetOnlyVariablesTheRefinerReads() throws IOException {
        List<String> names = ProofChainConfig.environmentNames();
        try (Stream<Path> files = Files.list(Path.of("docker"))) {
            List<Path> composeFiles = files.filter(f -> f.getFileName().toString().startsWith("docker-compose"))
                    .sorted().toList();
            // the two deployments, and the override that swaps in the older pinner
            assertEquals(3, composeFiles.size(), composeFiles::toString);
            for (Path file : composeFiles) {
                Map<String, Object> compose = new Yaml().load(Files.readString(file));
                @SuppressWarnings("unchecked")
                Map<String, Object> refiner = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
                        .get("refiner");
                @SuppressWarnings("unchecked")
                Map<String, Object> environment = (Map<String, Object>) refiner.get("environment");
                for (String variable : environment.keySet()) {
                    assertTrue(names.contains(variable), () -> file + " sets " + variable
                            + ", which the refiner does not read");
                }
                if (file.getFileName().toString().equals("docker-compose.ipfs-pinner.yml")) {
                    assertEquals(Map.of("IPFS_PINNER_URL", "http://ipfs-pinner:3001"), environment);
                    continue;
                }
                assertTrue(environment.containsKey("NODE_ETHEREUM_MAINNET"), file::toString);
                assertTrue(environment.containsKey("BLOCK_RESULT_OPERATOR_PRIVATE_KEY"), file::toString);
            }
        }
    }

    @Test
    void everyConfigKeyIsExplainedInTheExampleFileAndTheOperationsGuide() throws IOException {
        String example = Files.readString(Path.of("conf/refiner.yaml"));
        String operations = Files.readString(Path.of("docs/OPERATIONS.md"));
        for (String key : ProofChainConfig.KEYS) {
            assertTrue(example.matches("(?s).*(^|\\n)#? ?" + key + ":.*"), () -> "conf/refiner.yaml lacks " + key);
            assertTrue(operations.contains("`" + key + "`"), () -> "docs/OPERATIONS.md lacks " + key);
            assertTrue(operations.contains("`" + ProofChainConfig.envName(key) + "`"),
                    () -> "docs/OPERATIONS.md lacks " + ProofChainConfig.envName(key));
        }
        for (String reference : ProofChainConfig.ENV_OVERRIDES.keySet()) {
            assertTrue(operations.contains("`" + reference + "`"), () -> "docs/OPERATIONS.md lacks " + reference);
        }
    }

    @Test
    void theHealthcheckScriptIsHealthyOnlyOnHttp200() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer up = await(vertx.createHttpServer().requestHandler(r -> r.response()
                    .setStatusCode(r.path().equals("/health") ? 200 : 404).end("ok")).listen(0, "127.0.0.1"));
            HttpServer down = await(vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(503)
                    .end()).listen(0, "127.0.0.1"));
            assertEquals(0, healthcheck(up.actualPort()));
            assertEquals(1, healthcheck(down.actualPort()));
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            assertNotEquals(0, healthcheck(closed));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static int healthcheck(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "docker/healthcheck.sh").redirectErrorStream(true);
        builder.environment().put("REFINER_HEALTH_PORT", Integer.toString(port));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "healthcheck.sh did not finish");
        return process.exitValue();
    }

    /** The first line of the README's first {@code sh} block: the build-and-run command. */
    private static String readmeBlockLine() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int fence = lines.indexOf("```sh");
        assertTrue(fence >= 0, "README.md has a ```sh block");
        return lines.get(fence + 1).strip();
    }

    /** The README's build command: its first {@code sh} line up to {@code &&} (what follows runs the jar). */
    private static String readmeBuildCommand() throws IOException {
        String line = readmeBlockLine();
        int and = line.indexOf("&&");
        return (and < 0 ? line : line.substring(0, and)).strip();
    }

    /** The Dockerfile's {@code RUN … mvn …} command without RUN's own {@code --mount}-style flags. */
    private static String dockerfileBuildCommand() throws IOException {
        List<String> runs = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.startsWith("RUN ") && line.contains("mvn ")) {
                List<String> tokens = new ArrayList<>(Arrays.asList(line.substring(4).strip().split("\\s+")));
                while (!tokens.isEmpty() && tokens.get(0).startsWith("--")) {
                    tokens.remove(0);
                }
                runs.add(String.join(" ", tokens));
            }
        }
        assertEquals(1, runs.size(), () -> "one RUN mvn line in the Dockerfile: " + runs);
        return runs.get(0);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
