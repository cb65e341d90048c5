package dev.scimledger.messages.group;

import dev.scimledger.messages.ListPosition;

import java.util.List;

/**
 * The answer to {@link SearchGroupsQuery}. {@code next}: for a keyset query, where the next page starts, null when
 * this page is the last; {@code previous}: where the page before it ends, null when this is
 * the first; both always null for a query by index.
 */
public record GroupPage(long totalResults, int startIndex, List<GroupView> resources, ListPosition next,
                        ListPosition previous) {

    public GroupPage(long totalResults, int startIndex, List<GroupView> resources) {
        this(totalResults, startIndex, resources, null, null);
    }
}
