/**
 * Query requests (RFC 7644 §3.4.2, §3.4.3): the parameters of a search, from a query string or a
 * {@code SearchRequest} body, validated and normalised the same way.
 */
package dev.scimledger.scim.search;
