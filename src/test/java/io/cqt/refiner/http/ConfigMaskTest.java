package io.cqt.refiner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ConfigMaskTest {
    @Test
    void masksSecretsKeepsTheRest() {
        JsonObject masked = ConfigMask.mask(new JsonObject()
                .put("apiKey", "abc").put("pinnerToken", "t").put("dbPassword", "p")
                .put("operatorKeyFile", "/etc/refiner/operator.key")
                .put("somewhere", "0x" + "1f".repeat(32))
                .put("rpc", "https://user:pw@rpc.example:8545/v3/k?x=1")
                .put("plainUrl", "http://127.0.0.1:3001")
                .put("nested", new JsonObject().put("privateKey", "x"))
                .put("list", new JsonArray().add("1f".repeat(32)).add("ok"))
                .put("maxInFlight", 4));
        assertEquals("***", masked.getString("apiKey"));
        assertEquals("***", masked.getString("pinnerToken"));
        assertEquals("***", masked.getString("dbPassword"));
        assertEquals("/etc/refiner/operator.key", masked.getString("operatorKeyFile"));
        assertEquals("***", masked.getString("somewhere"));
        assertEquals("https://***@rpc.example:8545/***", masked.getString("rpc"));
        assertEquals("http://127.0.0.1:3001", masked.getString("plainUrl"));
        assertEquals("***", masked.getJsonObject("nested").getString("privateKey"));
        assertEquals(new JsonArray().add("***").add("ok"), masked.getJsonArray("list"));
        assertEquals(4, masked.getInteger("maxInFlight"));
    }
}
