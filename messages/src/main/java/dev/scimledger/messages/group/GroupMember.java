package dev.scimledger.messages.group;

/** A member of a group: a user or another group of the same tenant ({@code type} is "User" or "Group"). */
public record GroupMember(String value, String type) {
    public static final String USER = "User";
    public static final String GROUP = "Group";
}
