package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's walk-through ("Over the APIs") pastes straight through: its shell block, with only {@code ADMIN} and
 * {@code BASE} pointed at this service, runs top to bottom under {@code set -euo pipefail} (every variable it uses is
 * set by an earlier line, every id it reads is there), and no answer along the way is a 5xx.
 */
class ReadmeWalkThroughTest extends RunningService {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern SERVER_ERROR = Pattern.compile("\"status\"\\s*:\\s*\"?5\\d\\d");

    @Test
    void theWalkThroughRunsTopToBottom() throws Exception {
        List<String> block = walkThrough();
        assertThat(block).anyMatch(line -> line.startsWith("ADMIN=")).anyMatch(line -> line.startsWith("BASE="));
        List<String> script = new ArrayList<>(List.of("set -euo pipefail"));
        for (String line : block) {
            if (line.startsWith("ADMIN=")) {
                script.add("ADMIN=" + ADMIN_TOKEN);
            } else if (line.startsWith("BASE=")) {
                script.add("BASE=http://127.0.0.1:" + port);
            } else {
                script.add(line);
            }
        }
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "readme");
        Path file = dir.resolve("walk-through.sh");
        Files.write(file, script, StandardCharsets.UTF_8);
        Process bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(SERVER_ERROR.matcher(output).find()).as("a 5xx answer in:\n" + output).isFalse();
        // what the walk-through says happens, happens
        assertThat(output).as("the userName change is refused").contains("\"scimType\":\"mutability\"");
        assertThat(output).as("the member removal and the token revocation").contains("204");
        assertThat(output).as("the declared extension's JSON Schema").contains("urn:scim-ledger:extension-schema:");
        assertThat(Files.readString(dir.resolve("audit.csv"))).startsWith("eventId,");
        assertThat(Files.readAllLines(dir.resolve("checkpoints.jsonl"))).isNotEmpty();
    }

    /** The first {@code sh} block after the "Over the APIs" heading. */
    private static List<String> walkThrough() throws Exception {
        List<String> lines = Files.readAllLines(README);
        int heading = lines.indexOf("### Over the APIs");
        assertThat(heading).as("the walk-through's heading").isNotNegative();
        int start = heading + 1;
        while (!lines.get(start).equals("```sh")) {
            start++;
        }
        int end = start + 1;
        while (!lines.get(end).equals("```")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }
}
