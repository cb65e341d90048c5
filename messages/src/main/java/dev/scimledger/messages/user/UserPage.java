package dev.scimledger.messages.user;

import dev.scimledger.messages.ListPosition;

import java.util.List;

/**
 * The answer to {@link SearchUsersQuery}. {@code next}: for a keyset query, where the next page starts, null when
 * this page is the last; {@code previous}: where the page before it ends, null when this is
 * the first; both always null for a query by index.
 */
public record UserPage(long totalResults, int startIndex, List<UserView> resources, ListPosition next,
                       ListPosition previous) {

    public UserPage(long totalResults, int startIndex, List<UserView> resources) {
        this(totalResults, startIndex, resources, null, null);
    }
}
