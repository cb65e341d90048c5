package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Locale;
import java.util.Optional;

/**
 * One operation of a PATCH request, RFC 7644 §3.5.2. Obtain them with {@link PatchRequest#parse}; apply them
 * with {@link ResourcePatcher#apply}.
 *
 * <p>Invariants (violations are 400 {@link dev.scimledger.scim.ScimException}s): {@code op} is set
 * (invalidSyntax); {@code remove} has a path (noTarget, §3.5.2.2); {@code add}/{@code replace} have a value
 * (invalidValue), which must be a JSON object when the path is absent (§3.5.2.1, §3.5.2.3). A JSON null value is
 * kept as {@link NullNode}; it means "unassigned".
 *
 * @param op    the operation
 * @param path  the target path, or null when absent
 * @param value the value (deep-copied), or null when absent; for {@code remove} an optional list of values to
 *              remove from a multi-valued attribute
 */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    /** The PATCH operations of RFC 7644 §3.5.2; names are case-insensitive on input. */
    public enum Op {
        ADD, REPLACE, REMOVE;

        /** The lower-case wire name, e.g. {@code add}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The operation with the given name, case-insensitively. */
        public static Optional<Op> fromWireName(String s) {
            if (s == null) {
                return Optional.empty();
            }
            for (Op op : values()) {
                if (op.name().equalsIgnoreCase(s)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    public PatchOperation {
        if (op == null) {
            throw PatchErrors.invalidSyntax("A PATCH operation needs an 'op' of add, replace or remove");
        }
        if (value != null && value.isMissingNode()) {
            value = null;
        }
        value = value == null ? null : value.deepCopy();
        switch (op) {
            case REMOVE -> {
                if (path == null) {
                    throw PatchErrors.noTarget("A 'remove' operation needs a 'path'");
                }
            }
            case ADD, REPLACE -> {
                if (value == null) {
                    throw PatchErrors.invalidValue("An '" + op.wireName() + "' operation needs a 'value'");
                }
                if (path == null && !value.isObject()) {
                    throw PatchErrors.invalidValue("An '" + op.wireName()
                            + "' operation without 'path' needs a JSON object 'value' of attributes");
                }
            }
        }
    }

    public static PatchOperation add(PatchPath path, JsonNode value) {
        return new PatchOperation(Op.ADD, path, value);
    }

    public static PatchOperation replace(PatchPath path, JsonNode value) {
        return new PatchOperation(Op.REPLACE, path, value);
    }

    public static PatchOperation remove(PatchPath path) {
        return new PatchOperation(Op.REMOVE, path, null);
    }
}
