package dev.scimledger.gateway.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's grammar is checked before anything starts (no Spring, no database here): typos, missing
 * arguments and values of the wrong type are usage errors naming what is wrong, with the command's own help; the
 * commands the operations take pass.
 */
class AdminCommandsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tenant creat Acme                          | did you mean create",
            "tenant show                                | Missing required parameter: 'TENANT_ID'",
            "token issue t1 --expires-in-days soon       | --expires-in-days",
            "token issue t1 --expiers-in-days 3          | Unknown option",
            "token rotate t1 k1 --overlap-hours two      | --overlap-hours",
            "audit export t1 --from yesterday            | --from",
            "audit export t1 --format xml                | --format is one of jsonl, csv",
            "audit export t1 --resource-type Device      | --resource-type is one of",
            "projection rebuild read-model               | PROJECTION is one of scim-read-model, audit-trail",
            "console-account create bob --role root      | --role is one of admin, auditor",
            "extension declare t1 Device f.json          | RESOURCE_TYPE is one of User, Group",
            "token                                       | which token command?",
            "user erase t1                               | Missing required parameter: 'USER_ID'",
            "chain verify t1 t2                          | Unmatched argument"})
    void aWrongCommandLineIsAUsageErrorBeforeAnythingStarts(String line, String says) {
        AdminCommands.Checked checked = AdminCommands.check(line.strip().split("\\s+"));
        assertThat(checked.run()).isFalse();
        assertThat(checked.status()).isEqualTo(2);
        assertThat(checked.text()).contains(says).contains("Usage:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tenant list", "tenant create Acme Corporation", "tenant set t1 maxResults=200 groupPolicy=existing",
            "tenant suspend t1", "tenant suspend t1 contract paused", "token issue t1 --name Entra --expires-in-days 90",
            "token rotate t1 k1 --overlap-hours 2", "user erase t1 u1", "extension declare t1 user acme.json",
            "chain verify", "chain verify t1 --checkpoints c.jsonl", "chain checkpoints",
            "audit export t1 --format csv --from 2026-01-01T00:00:00Z --resource-type User",
            "projection rebuild audit-trail --tenant t1", "kafka republish t1 --from 2026-01-01T00:00:00Z",
            "api-key issue nightly --role auditor", "console-account reset-password alice"})
    void theCommandsTheOperationsTakePass(String line) {
        AdminCommands.Checked checked = AdminCommands.check(line.split(" "));
        assertThat(checked.run()).as(checked.text()).isTrue();
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        AdminCommands.Checked help = AdminCommands.check(new String[]{"token", "issue", "--help"});
        assertThat(help.run()).isFalse();
        assertThat(help.status()).isZero();
        assertThat(help.text()).contains("Usage: admin token issue", "--expires-in-days=DAYS", "TENANT_ID");
        assertThat(AdminCommands.check(new String[]{"--help"}).text()).contains("tenant", "token", "extension",
                "audit", "projection", "kafka");
    }
}
