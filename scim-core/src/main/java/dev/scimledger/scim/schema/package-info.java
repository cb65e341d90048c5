/**
 * SCIM schema definitions (RFC 7643 §2, §3.1, §4, §7, §8.7.1): attribute characteristics, the standard User,
 * Enterprise User and Group schemas, and case-insensitive, URN-aware attribute lookup (RFC 7644 §3.10).
 */
package dev.scimledger.scim.schema;
