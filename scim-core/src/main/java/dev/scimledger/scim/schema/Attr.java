package dev.scimledger.scim.schema;

import java.util.List;

/** Small builder for the static schema definitions of {@link StandardSchemas}. */
final class Attr {

    private final String name;
    private final AttributeType type;
    private final String description;
    private boolean multiValued;
    private boolean required;
    private boolean caseExact;
    private Mutability mutability = Mutability.READ_WRITE;
    private Returned returned = Returned.DEFAULT;
    private Uniqueness uniqueness = Uniqueness.NONE;
    private List<String> canonicalValues = List.of();
    private List<String> referenceTypes = List.of();
    private List<AttributeDefinition> subAttributes = List.of();

    private Attr(String name, AttributeType type, String description) {
        this.name = name;
        this.type = type;
        this.description = description;
    }

    static Attr of(String name, AttributeType type, String description) {
        return new Attr(name, type, description);
    }

    static Attr string(String name, String description) {
        return new Attr(name, AttributeType.STRING, description);
    }

    static Attr bool(String name, String description) {
        return new Attr(name, AttributeType.BOOLEAN, description);
    }

    static Attr reference(String name, String description, String... referenceTypes) {
        Attr a = new Attr(name, AttributeType.REFERENCE, description);
        a.referenceTypes = List.of(referenceTypes);
        return a;
    }

    static Attr complex(String name, String description, AttributeDefinition... subAttributes) {
        Attr a = new Attr(name, AttributeType.COMPLEX, description);
        a.subAttributes = List.of(subAttributes);
        return a;
    }

    Attr multiValued() {
        this.multiValued = true;
        return this;
    }

    Attr required() {
        this.required = true;
        return this;
    }

    Attr caseExact() {
        this.caseExact = true;
        return this;
    }

    Attr mutability(Mutability value) {
        this.mutability = value;
        return this;
    }

    Attr readOnly() {
        return mutability(Mutability.READ_ONLY);
    }

    Attr returned(Returned value) {
        this.returned = value;
        return this;
    }

    Attr uniqueness(Uniqueness value) {
        this.uniqueness = value;
        return this;
    }

    Attr canonicalValues(String... values) {
        this.canonicalValues = List.of(values);
        return this;
    }

    AttributeDefinition build() {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability,
                returned, uniqueness, canonicalValues, referenceTypes, subAttributes);
    }
}
