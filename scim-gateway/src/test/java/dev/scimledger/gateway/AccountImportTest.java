package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts that exist before provisioning: imported by an admin, found by Entra's match, adopted by its create. */
class AccountImportTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void jsonLinesImportThenEntraMatchAndAdoption() {
        TenantAccess tenant = newTenant();
        String jane = unique("jane");
        String john = unique("john");
        String body = "{\"userName\":\"" + jane + "\",\"emails\":[{\"type\":\"work\",\"value\":\"" + jane + "\"}],\"displayName\":\"Jane\"}\n"
                + "{\"userName\":\"" + john + "\",\"emails\":[{\"type\":\"work\",\"value\":\"" + john + "\"}]}\n"
                + "\n"
                + "{\"displayName\":\"no userName\"}\n"
                + "not json\n";
        Response imported = call("POST", "/admin/tenants/" + tenant.tenantId() + "/accounts", ADMIN_TOKEN, body,
                "Content-Type", "application/x-ndjson");
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().get("imported").asInt()).isEqualTo(2);
        assertThat(imported.body().get("failed").asInt()).isEqualTo(2);
        assertThat(imported.body().at("/failures/0/line").asInt()).isEqualTo(4);
        assertThat(imported.body().at("/failures/1/line").asInt()).isEqualTo(5);

        Response match = scim("GET", "/Users?filter=userName%20eq%20%22" + jane + "%22", tenant.token(), null);
        assertThat(match.body().get("totalResults").asInt()).as("Entra's match finds the imported account").isEqualTo(1);
        String existingId = match.text("/Resources/0/id");

        Response adopted = scim("POST", "/Users", tenant.token(), entraUser(jane, "entra-object-id"));
        assertThat(adopted.status()).isEqualTo(201);
        assertThat(adopted.text("/id")).as("the existing account, adopted").isEqualTo(existingId);
        assertThat(adopted.text("/externalId")).isEqualTo("entra-object-id");
        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                String.class, existingId)).startsWith("dev.scimledger.messages.user.UserImportedEvent",
                "dev.scimledger.messages.user.UserAdoptedEvent");

        Response mismatch = scim("POST", "/Users", tenant.token(),
                entraUser(john, "x").replace("\"value\":\"" + john + "\"", "\"value\":\"john.other@example.com\""));
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.text("/detail")).contains(john).contains("john.other@example.com");
        assertThat(scim("POST", "/Users", tenant.token(), entraUser(jane, "again")).status())
                .as("once adopted, the name is simply taken").isEqualTo(409);
    }

    @Test
    void csvImport() {
        TenantAccess tenant = newTenant();
        String ann = unique("ann");
        String body = "userName,email,displayName,givenName,familyName,externalId,active\n"
                + ann + "," + ann + ",\"Ann, Jr.\",Ann,Lee,hr-1,true\n"
                + ",missing@example.com,No Name,,,,\n";
        Response imported = call("POST", "/admin/tenants/" + tenant.tenantId() + "/accounts", ADMIN_TOKEN, body,
                "Content-Type", "text/csv");
        assertThat(imported.body().get("imported").asInt()).as(imported.body().toString()).isEqualTo(1);
        assertThat(imported.body().at("/failures/0/line").asInt()).isEqualTo(3);
        Response found = scim("GET", "/Users?filter=userName%20eq%20%22" + ann + "%22", tenant.token(), null);
        assertThat(found.text("/Resources/0/displayName")).isEqualTo("Ann, Jr.");
        assertThat(found.text("/Resources/0/name/familyName")).isEqualTo("Lee");
        assertThat(found.text("/Resources/0/emails/0/value")).isEqualTo(ann);
        assertThat(List.of(found.text("/Resources/0/externalId"))).containsExactly("hr-1");
    }

    /** What Excel and HR exports write: a byte order mark, CRLF, header names in another case, a quoted newline. */
    @Test
    void csvAsSpreadsheetsWriteIt() {
        TenantAccess tenant = newTenant();
        String bo = unique("bo");
        String cy = unique("cy");
        String body = "\uFEFFUserName,EMAIL,DisplayName,givenName,familyName\r\n"
                + bo + "," + bo + ",\"Bo \"\"the\"\" Builder\",Bo,\"Smith\r\nJones\"\r\n"
                + "\r\n"
                + ",nobody@example.com,No Name,,\r\n"
                + cy + "," + cy + ",Cy,Cy,Young\r\n";
        Response imported = call("POST", "/admin/tenants/" + tenant.tenantId() + "/accounts", ADMIN_TOKEN, body,
                "Content-Type", "text/csv");
        assertThat(imported.body().get("imported").asInt()).as(imported.body().toString()).isEqualTo(2);
        assertThat(imported.body().at("/failures/0/line").asInt()).as("the line the record starts on").isEqualTo(5);
        Response found = scim("GET", "/Users?filter=userName%20eq%20%22" + bo + "%22", tenant.token(), null);
        assertThat(found.text("/Resources/0/displayName")).isEqualTo("Bo \"the\" Builder");
        assertThat(found.text("/Resources/0/name/familyName")).isEqualTo("Smith\r\nJones");
        assertThat(scim("GET", "/Users?filter=userName%20eq%20%22" + cy + "%22", tenant.token(), null)
                .text("/Resources/0/name/familyName")).isEqualTo("Young");

        Response unterminated = call("POST", "/admin/tenants/" + tenant.tenantId() + "/accounts", ADMIN_TOKEN,
                "userName\n\"" + unique("open") + "\n", "Content-Type", "text/csv");
        assertThat(unterminated.status()).isEqualTo(200);
        assertThat(unterminated.body().get("imported").asInt()).isZero();
        assertThat(unterminated.body().at("/failures/0/detail").asText()).contains("not valid CSV");
    }

    @Test
    void importNeedsTheAdminToken() {
        TenantAccess tenant = newTenant();
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/accounts", tenant.token(), "{}\n",
                "Content-Type", "application/x-ndjson").status()).isEqualTo(401);
    }
}
