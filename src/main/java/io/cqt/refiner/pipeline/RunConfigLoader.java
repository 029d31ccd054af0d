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

    /** The merged config; fails with a one-line message when the file is missing or not YAML. */
    public static Future<JsonObject> load(Vertx vertx, Path file) {
        if (!Files.isRegularFile(file)) {
            return Future.failedFuture(new IllegalArgumentException("config file " + file + " does not exist"));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options(file));
        return retriever.getConfig()
                .recover(e -> Future.failedFuture(new IllegalArgumentException("config file " + file
                        + " cannot be read: " + Failures.describe(e))))
                .andThen(done -> retriever.close());
    }
}
