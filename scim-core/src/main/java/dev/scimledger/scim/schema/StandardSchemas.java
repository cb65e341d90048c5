package dev.scimledger.scim.schema;

import java.util.List;

import static dev.scimledger.scim.schema.Attr.bool;
import static dev.scimledger.scim.schema.Attr.complex;
import static dev.scimledger.scim.schema.Attr.reference;
import static dev.scimledger.scim.schema.Attr.string;

/**
 * The standard schema definitions of RFC 7643: the core User schema (§4.1, attribute list of §8.7.1), the
 * Enterprise User extension (§4.3, §8.7.1), the core Group schema (§4.2, §8.7.1) and the common attributes
 * {@code id}, {@code externalId} and {@code meta} (§3.1), which belong to every resource but to no schema.
 *
 * <p>Deviations from the §8.7.1 listing, all additive: {@code addresses} has a {@code primary} sub-attribute
 * (named in §4.1.2 and the §2.4 defaults) and Group {@code members} has a {@code display} sub-attribute (sent
 * by Okta and others, §2.4 default sub-attribute); Group {@code displayName} is marked required as §4.2
 * says, although §8.7.1 lists it as not required. User {@code userName} is {@code returned: always} (§8.7.1 says
 * {@code default}): it is the key every provisioning client correlates on, so a response trimmed with
 * {@code attributes=} or {@code excludedAttributes=} (RFC 7644 §3.9) still carries it, as {@code id} does.
 */
public final class StandardSchemas {

    /** {@code urn:ietf:params:scim:schemas:core:2.0:User} (RFC 7643 §4.1). */
    public static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User} (RFC 7643 §4.3). */
    public static final String ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** {@code urn:ietf:params:scim:schemas:core:2.0:Group} (RFC 7643 §4.2). */
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** The common attributes of RFC 7643 §3.1: {@code id}, {@code externalId}, {@code meta}. */
    public static final List<AttributeDefinition> COMMON_ATTRIBUTES = List.of(
            string("id", "A unique identifier for a SCIM resource as defined by the service provider.")
                    .caseExact().readOnly().returned(Returned.ALWAYS).uniqueness(Uniqueness.SERVER).build(),
            string("externalId", "A String that is an identifier for the resource as defined by the provisioning client.")
                    .caseExact().build(),
            complex("meta", "A complex attribute containing resource metadata.",
                    string("resourceType", "The name of the resource type of the resource.").caseExact().readOnly().build(),
                    Attr.of("created", AttributeType.DATE_TIME, "The DateTime that the resource was added to the service provider.")
                            .readOnly().build(),
                    Attr.of("lastModified", AttributeType.DATE_TIME, "The most recent DateTime that the details of this resource were updated at the service provider.")
                            .readOnly().build(),
                    reference("location", "The URI of the resource being returned.", "uri").caseExact().readOnly().build(),
                    string("version", "The version of the resource being returned (an entity tag).").caseExact().readOnly().build())
                    .readOnly().build());

    /** The core User schema, RFC 7643 §4.1 / §8.7.1. */
    public static final Schema USER = new Schema(USER_URN, "User", "User Account", List.of(
            // immutable here, where RFC 7643 says readWrite: this service never changes a provisioned userName
            string("userName", "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. REQUIRED. Never changes once provisioned.")
                    .required().mutability(Mutability.IMMUTABLE).uniqueness(Uniqueness.SERVER).returned(Returned.ALWAYS).build(),
            complex("name", "The components of the user's real name.",
                    string("formatted", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display.").build(),
                    string("familyName", "The family name of the User, or last name in most Western languages.").build(),
                    string("givenName", "The given name of the User, or first name in most Western languages.").build(),
                    string("middleName", "The middle name(s) of the User.").build(),
                    string("honorificPrefix", "The honorific prefix(es) of the User, or title in most Western languages.").build(),
                    string("honorificSuffix", "The honorific suffix(es) of the User, or suffix in most Western languages.").build())
                    .build(),
            string("displayName", "The name of the User, suitable for display to end-users.").build(),
            string("nickName", "The casual way to address the user in real life.").build(),
            reference("profileUrl", "A fully qualified URL pointing to a page representing the User's online profile.", "external").build(),
            string("title", "The user's title, such as \"Vice President.\"").build(),
            string("userType", "Used to identify the relationship between the organization and the user.").build(),
            string("preferredLanguage", "Indicates the User's preferred written or spoken language.").build(),
            string("locale", "Used to indicate the User's default location for purposes of localizing items.").build(),
            string("timezone", "The User's time zone in the 'Olson' time zone database format.").build(),
            // required: a user is always active or not (true when a create leaves it out); it cannot be removed
            bool("active", "A Boolean value indicating the User's administrative status. True when a create leaves it out; it cannot be removed.")
                    .required().build(),
            string("password", "The User's cleartext password. Never returned and never stored by this service.")
                    .mutability(Mutability.WRITE_ONLY).returned(Returned.NEVER).build(),
            plural("emails", "Email addresses for the user.", string("value", "Email address for the user.").build(),
                    "work", "home", "other"),
            plural("phoneNumbers", "Phone numbers for the User.", string("value", "Phone number of the User.").build(),
                    "work", "home", "mobile", "fax", "pager", "other"),
            plural("ims", "Instant messaging addresses for the User.",
                    string("value", "Instant messaging address for the User.").build(),
                    "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"),
            plural("photos", "URLs of photos of the User.",
                    reference("value", "URL of a photo of the User.", "external").build(), "photo", "thumbnail"),
            complex("addresses", "A physical mailing address for this User.",
                    string("formatted", "The full mailing address, formatted for display or use with a mailing label.").build(),
                    string("streetAddress", "The full street address component.").build(),
                    string("locality", "The city or locality component.").build(),
                    string("region", "The state or region component.").build(),
                    string("postalCode", "The zip code or postal code component.").build(),
                    string("country", "The country name component.").build(),
                    string("type", "A label indicating the attribute's function, e.g., 'work' or 'home'.")
                            .canonicalValues("work", "home", "other").build(),
                    bool("primary", "A Boolean value indicating the 'primary' or preferred address.").build())
                    .multiValued().build(),
            complex("groups", "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
                    string("value", "The identifier of the User's group.").readOnly().build(),
                    reference("$ref", "The URI of the corresponding 'Group' resource to which the user belongs.", "User", "Group").readOnly().build(),
                    string("display", "A human-readable name, primarily used for display purposes.").readOnly().build(),
                    string("type", "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.")
                            .canonicalValues("direct", "indirect").readOnly().build())
                    .multiValued().readOnly().build(),
            plural("entitlements", "A list of entitlements for the User that represent a thing the User has.",
                    string("value", "The value of an entitlement.").build()),
            plural("roles", "A list of roles for the User that collectively represent who the User is.",
                    string("value", "The value of a role.").build()),
            plural("x509Certificates", "A list of certificates issued to the User.",
                    Attr.of("value", AttributeType.BINARY, "The value of an X.509 certificate.").build())));

    /** The Enterprise User extension, RFC 7643 §4.3 / §8.7.1. */
    public static final Schema ENTERPRISE_USER = new Schema(ENTERPRISE_USER_URN, "EnterpriseUser", "Enterprise User", List.of(
            string("employeeNumber", "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.").build(),
            string("costCenter", "Identifies the name of a cost center.").build(),
            string("organization", "Identifies the name of an organization.").build(),
            string("division", "Identifies the name of a division.").build(),
            string("department", "Identifies the name of a department.").build(),
            complex("manager", "The User's manager.",
                    string("value", "The id of the SCIM resource representing the User's manager.").build(),
                    reference("$ref", "The URI of the SCIM resource representing the User's manager.", "User").build(),
                    string("displayName", "The displayName of the User's manager.").readOnly().build())
                    .build()));

    /** The core Group schema, RFC 7643 §4.2 / §8.7.1. */
    public static final Schema GROUP = new Schema(GROUP_URN, "Group", "Group", List.of(
            string("displayName", "A human-readable name for the Group. REQUIRED.").required().build(),
            complex("members", "A list of members of the Group.",
                    string("value", "Identifier of the member of this Group.").mutability(Mutability.IMMUTABLE).build(),
                    reference("$ref", "The URI corresponding to a SCIM resource that is a member of this Group.", "User", "Group")
                            .mutability(Mutability.IMMUTABLE).build(),
                    // display and type are the member's own (its displayName or userName, its resource type), written by
                    // the server whatever a client sends: readOnly, where RFC 7643 has type immutable
                    string("display", "A human-readable name of the member, primarily used for display purposes.")
                            .readOnly().build(),
                    string("type", "A label indicating the type of resource, e.g., 'User' or 'Group'.")
                            .canonicalValues("User", "Group").readOnly().build())
                    .multiValued().build()));

    private StandardSchemas() {
    }

    /** A multi-valued complex attribute with the RFC 7643 §2.4 sub-attributes value/display/type/primary. */
    private static AttributeDefinition plural(String name, String description, AttributeDefinition value,
                                              String... canonicalTypes) {
        return complex(name, description,
                value,
                string("display", "A human-readable name, primarily used for display purposes.").build(),
                string("type", "A label indicating the attribute's function.").canonicalValues(canonicalTypes).build(),
                bool("primary", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once.").build())
                .multiValued().build();
    }
}
