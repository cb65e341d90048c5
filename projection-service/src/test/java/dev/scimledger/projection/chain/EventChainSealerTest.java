package dev.scimledger.projection.chain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sealer reads an event's tenant from its payload as stored, without building the payload: only a top-level
 * text {@code tenantId} counts, as for the chain verifier.
 */
class EventChainSealerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "{\"tenantId\":\"t-1\",\"userId\":\"u\"}                                  | t-1",
            "{\"attributes\":{\"tenantId\":\"nested\",\"a\":[1,{\"tenantId\":\"x\"}]},\"tenantId\":\"t-2\"} | t-2",
            "{\"userId\":\"u\",\"attributes\":{\"tenantId\":\"nested\"}}            | NULL",
            "{\"tenantId\":null}                                                    | NULL",
            "{\"tenantId\":42}                                                      | NULL",
            "[\"tenantId\",\"t\"]                                                   | NULL",
            "not json at all                                                        | NULL",
            "{\"tenantId\":\"unterminated                                           | NULL"})
    void theTenantIsTheTopLevelTextField(String payload, String tenant) {
        assertEquals(tenant, EventChainSealer.topLevelText(payload.trim().getBytes(StandardCharsets.UTF_8), "tenantId"));
    }
}
