/**
 * The SCIM filter language of RFC 7644 §3.4.2.2: an immutable AST ({@link dev.scimledger.scim.filter.Filter}),
 * its parser ({@link dev.scimledger.scim.filter.FilterParser}), canonical rendering and a visitor for
 * translation to queries.
 */
package dev.scimledger.scim.filter;
