package dev.scimledger.messages.user;

import java.util.List;

/** The answer to {@link SearchUsersQuery}. */
public record UserPage(long totalResults, int startIndex, List<UserView> resources) {
}
