package dev.scimledger.messages.group;

import dev.scimledger.messages.ListPosition;

import java.util.List;

/**
 * The answer to {@link SearchGroupsQuery}. {@code next}: for a keyset query, where the next page starts, null when
 * this page is the last; always null for a query by index.
 */
public record GroupPage(long totalResults, int startIndex, List<GroupView> resources, ListPosition next) {

    public GroupPage(long totalResults, int startIndex, List<GroupView> resources) {
        this(totalResults, startIndex, resources, null);
    }
}
