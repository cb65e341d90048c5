package dev.scimledger.gateway.scim;

import dev.scimledger.scim.search.SearchRequest;

/**
 * The query parameters of a list request (RFC 7644 §3.4.2, with RFC 9865's {@code cursor}), bound from the URL by
 * name; parsed into a {@link SearchRequest} (a 400 when one is malformed).
 */
record SearchParameters(String filter, String startIndex, String count, String sortBy, String sortOrder,
                        String attributes, String excludedAttributes, String cursor) {

    SearchRequest parsed() {
        return SearchRequest.fromQuery(filter, attributes, excludedAttributes, sortBy, sortOrder, startIndex, count,
                cursor);
    }
}
