package io.cqt.refiner.pipeline;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code refiner run --config FILE}: the YAML file, then the environment variables of
 * {@link ProofChainConfig#environmentNames()} (the reference refiner's and {@code REFINER_<KEY>}; later stores win,
 * so the environment overrides the file). Values are taken as text: a key or an
 * address must never be turned into a number.
 */
public final class RunConfigLoader {
    private RunConfigLoader() {
    }

    public static ConfigRetrieverOptions options(Path file) {
        List<String> envKeys = ProofChainConfig.environmentNames();
        ConfigStoreOptions yaml = new ConfigStoreOptions().setType("file").setFormat("yaml")
                .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()));
        ConfigStoreOptions env = new ConfigStoreOptions().setType("env")
                .setConfig(new JsonObject().put("keys", new JsonArray(envKeys)).put("raw-data", true));
        return new ConfigRetrieverOptions().setScanPeriod(0).addStore(yaml).addStore(env);
    }

    /**
     * The merged config; fails with a one-line message when the file is missing or not YAML, or when a
     * {@code REFINER_…} variable of the process's environment is unknown.
     */
    public static Future<JsonObject> load(Vertx vertx, Path file) {
        return load(vertx, file, System.getenv());
    }

    /** {@link #load(Vertx, Path)} checking the {@code REFINER_…} names of {@code env}. */
    static Future<JsonObject> load(Vertx vertx, Path file, Map<String, String> env) {
        // The file's check and the first use of the config and JSON libraries (seconds of class loading on a cold
        // JVM, which the retriever would otherwise do on the event loop) on a worker.
        return vertx.executeBlocking(() -> {
            ProofChainConfig.checkEnvironment(env);
            new JsonObject().put("warm-up", true).toBuffer();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            return ConfigRetriever.create(vertx, options(file));
        }, false).compose(retriever -> retriever.getConfig()
                .recover(e -> Future.failedFuture(new IllegalArgumentException("config file " + file
                        + " cannot be read: " + Failures.describe(e))))
                .map(merged -> dataBesideTheFile(merged, file))
                .andThen(done -> retriever.close()));
    }

    /**
     * A relative {@code data} written in the file means the folder beside the file, wherever the refiner is started
     * from (a service's working directory is rarely the config's). One from the environment (or the command line)
     * stays relative to the working directory, as every path given there does.
     */
    private static JsonObject dataBesideTheFile(JsonObject merged, Path file) {
        Object data = merged.getValue("data");
        boolean fromEnvironment = merged.getValue(ProofChainConfig.envName("data")) != null
                && !merged.getValue(ProofChainConfig.envName("data")).toString().isBlank();
        if (data instanceof String text && !text.isBlank() && !fromEnvironment) {
            Path path = Path.of(text.strip());
            if (!path.isAbsolute()) {
                merged.put("data", file.toAbsolutePath().getParent().resolve(path).normalize().toString());
            }
        }
        return merged;
    }
}
