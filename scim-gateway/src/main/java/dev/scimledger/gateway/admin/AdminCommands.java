package dev.scimledger.gateway.admin;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

/**
 * The command line's grammar, checked with picocli before anything starts: every command and option the admin
 * operations take, with their arity, value types (whole numbers, instants, the choices of a role, format or
 * resource type) and per-command help ({@code admin token issue --help}). A typo, a missing argument or a value of
 * the wrong type is a usage error (exit status 2) in milliseconds instead of after starting Spring and PostgreSQL.
 * What the operations then do is {@link AdminCommandLine.Operations}'.
 */
final class AdminCommands {

    /** What checking the arguments decided: run them, or exit now with {@code status} after printing {@code text}. */
    record Checked(boolean run, int status, String text) {
    }

    private AdminCommands() {
    }

    static Checked check(String[] args) {
        CommandLine line = new CommandLine(grammar());
        line.registerConverter(Instant.class, Instant::parse);
        try {
            CommandLine.ParseResult parsed = line.parseArgs(args);
            CommandLine.ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            if (leaf.isUsageHelpRequested() || parsed.isUsageHelpRequested()) {
                return new Checked(false, 0, usage(leaf.commandSpec()));
            }
            if (!leaf.commandSpec().subcommands().isEmpty()) {
                // a group without its command: "admin token"
                return new Checked(false, 2, "which " + leaf.commandSpec().name() + " command?\n"
                        + usage(leaf.commandSpec()));
            }
            return new Checked(true, 0, "");
        } catch (CommandLine.ParameterException wrong) {
            String suggestion = "";
            if (wrong instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                suggestion = "did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?\n";
            }
            return new Checked(false, 2, wrong.getMessage() + "\n" + suggestion
                    + usage(wrong.getCommandLine().getCommandSpec()));
        }
    }

    /**
     * The arguments with every {@code --option=value} as {@code --option value}: the help shows the first form, the
     * operations read the second.
     */
    static String[] separated(String[] args) {
        List<String> out = new java.util.ArrayList<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                out.add(arg.substring(0, equals));
                out.add(arg.substring(equals + 1));
            } else {
                out.add(arg);
            }
        }
        return out.toArray(new String[0]);
    }

    private static String usage(CommandSpec spec) {
        StringWriter text = new StringWriter();
        new CommandLine(spec).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }

    static CommandSpec grammar() {
        CommandSpec admin = group("admin", "The service's admin operations, recorded in the log with cli:<os user> as "
                + "their actor; answers as JSON on standard output. Exit status: 0 done, 1 refused, 2 usage error, 3 "
                + "a broken chain, 4 a rebuilt projection not proved equal.");
        admin.addSubcommand("tenant", group("tenant", "Tenants",
                leaf("list", "The live tenants"),
                leaf("create", "A new tenant", positional("NAME", "1..*")),
                leaf("show", "One tenant with its settings and token counts", positional("TENANT_ID", "1")),
                leaf("rename", "Renames a tenant", positional("TENANT_ID", "1"), positional("NAME", "1..*")),
                leaf("set", "Changes settings: " + String.join(", ", TenantAdministration.SETTINGS),
                        positional("TENANT_ID", "1"), positional("SETTING=VALUE", "1..*")),
                leaf("suspend", "SCIM requests are refused with 403 until resumed", positional("TENANT_ID", "1"),
                        positional("REASON", "0..*")),
                leaf("resume", "Ends a suspension", positional("TENANT_ID", "1")),
                leaf("delete", "Deletes a suspended tenant", positional("TENANT_ID", "1"))));
        admin.addSubcommand("token", group("token", "A tenant's SCIM tokens",
                leaf("list", "Its tokens and their status", positional("TENANT_ID", "1")),
                leaf("issue", "A new token, printed once", positional("TENANT_ID", "1"), option("--name", "NAME", String.class),
                        option("--expires-in-days", "DAYS", Integer.class)),
                leaf("revoke", "Refused from the next request", positional("TENANT_ID", "1"), positional("TOKEN_ID", "1")),
                leaf("rotate", "A successor, printed once; the old one works for the overlap", positional("TENANT_ID", "1"),
                        positional("TOKEN_ID", "1"), option("--overlap-hours", "HOURS", Integer.class),
                        option("--name", "NAME", String.class))));
        admin.addSubcommand("user", group("user", "A tenant's users",
                leaf("erase", "Erases a deleted user's personal data", positional("TENANT_ID", "1"),
                        positional("USER_ID", "1"))));
        admin.addSubcommand("extension", group("extension", "A tenant's own schema extensions (RFC 7643 §7)",
                leaf("list", "Its declared extensions", positional("TENANT_ID", "1")),
                leaf("declare", "Declares one, or changes the one of the same URN (FILE: its schema; - for stdin)",
                        positional("TENANT_ID", "1"), choice("RESOURCE_TYPE", "User", "Group"), positional("FILE", "1")),
                leaf("remove", "No longer offered; its values stay in the log", positional("TENANT_ID", "1"),
                        positional("URN", "1")),
                leaf("json-schema", "The JSON Schema of its object in events", positional("TENANT_ID", "1"),
                        positional("URN", "1"))));
        admin.addSubcommand("console-account", group("console-account", "The console's accounts",
                leaf("list", "Every account"),
                leaf("create", "A new account, its password printed once", positional("NAME", "1"), role()),
                leaf("reset-password", "A new password, printed once", positional("NAME", "1")),
                leaf("disable", "Can no longer sign in", positional("NAME", "1")),
                leaf("enable", "Can sign in again", positional("NAME", "1"))));
        admin.addSubcommand("api-key", group("api-key", "Named admin API keys",
                leaf("list", "Every key"),
                leaf("issue", "A new key, printed once", positional("NAME", "1"), role()),
                leaf("rotate", "A new secret, printed once", positional("KEY_ID", "1")),
                leaf("revoke", "Refused from the next request", positional("KEY_ID", "1"))));
        admin.addSubcommand("chain", group("chain", "The tamper-evident hash chain",
                leaf("verify", "Verifies every tenant's chain, or one's (exit status 3 when broken)",
                        positional("TENANT_ID", "0..1"), option("--checkpoints", "FILE", String.class)),
                leaf("checkpoints", "The signed checkpoints, as JSON Lines", positional("TENANT_ID", "0..1"))));
        admin.addSubcommand("audit", group("audit", "The audit trail",
                leaf("export", "Everything that matches, streamed", positional("TENANT_ID", "1"),
                        choiceOption("--format", "jsonl", "csv"), option("--from", "INSTANT", Instant.class),
                        option("--to", "INSTANT", Instant.class), option("--type", "TYPES", String.class),
                        option("--actor", "ACTOR", String.class), option("--resource-id", "ID", String.class),
                        choiceOption("--resource-type", "User", "Group", "Tenant"))));
        admin.addSubcommand("projection", group("projection", "The projections",
                leaf("rebuild", "Replays the log beside the live projection and compares (exit status 4 unless equal)",
                        choice("PROJECTION", "scim-read-model", "audit-trail"), option("--tenant", "TENANT_ID", String.class))));
        admin.addSubcommand("kafka", group("kafka", "The Kafka topic",
                leaf("republish", "Publishes a tenant's events again (KAFKA_BOOTSTRAP_SERVERS names the broker)",
                        positional("TENANT_ID", "1"), option("--from", "INSTANT", Instant.class))));
        return admin;
    }

    private static CommandSpec group(String name, String description, CommandSpec... commands) {
        CommandSpec group = CommandSpec.create().name(name).addOption(help());
        group.usageMessage().description(description);
        for (CommandSpec command : commands) {
            group.addSubcommand(command.name(), command);
        }
        return group;
    }

    private static CommandSpec leaf(String name, String description, Object... parts) {
        CommandSpec leaf = CommandSpec.create().name(name).addOption(help());
        leaf.usageMessage().description(description);
        for (Object part : parts) {
            if (part instanceof PositionalParamSpec positional) {
                leaf.addPositional(positional);
            } else {
                leaf.addOption((OptionSpec) part);
            }
        }
        return leaf;
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("this command's help").build();
    }

    private static PositionalParamSpec positional(String label, String arity) {
        return PositionalParamSpec.builder().paramLabel(label).arity(arity).required(!arity.startsWith("0"))
                .type(arity.endsWith("*") ? List.class : String.class).auxiliaryTypes(String.class).build();
    }

    private static PositionalParamSpec choice(String label, String... choices) {
        return PositionalParamSpec.builder().paramLabel(label).arity("1").required(true).type(String.class)
                .completionCandidates(List.of(choices)).description("one of " + String.join(", ", choices))
                .converters(value -> oneOf(label, value, choices)).build();
    }

    private static OptionSpec option(String name, String label, Class<?> type) {
        return OptionSpec.builder(name).paramLabel(label).type(type).arity("1").build();
    }

    private static OptionSpec choiceOption(String name, String... choices) {
        return OptionSpec.builder(name).paramLabel(String.join("|", choices)).type(String.class).arity("1")
                .converters(value -> oneOf(name, value, choices)).build();
    }

    private static OptionSpec role() {
        return choiceOption("--role", "admin", "auditor");
    }

    private static String oneOf(String name, String value, String... choices) {
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(value)) {
                return value;
            }
        }
        throw new CommandLine.TypeConversionException(name + " is one of " + String.join(", ", choices) + ", not "
                + value);
    }
}
