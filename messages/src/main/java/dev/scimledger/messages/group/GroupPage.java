package dev.scimledger.messages.group;

import java.util.List;

/** The answer to {@link SearchGroupsQuery}. */
public record GroupPage(long totalResults, int startIndex, List<GroupView> resources) {
}
