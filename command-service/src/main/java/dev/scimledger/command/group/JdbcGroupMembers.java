package dev.scimledger.command.group;

import dev.scimledger.messages.group.GroupMember;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link GroupMembers} in PostgreSQL: the write side's membership set ({@code group_member}) and the member-existence checks against the claim tables.
 * Every statement touches only the members a command names (arrays bound as one parameter), except the ones that
 * by nature concern the whole set (replace, delete).
 */
@Component
class JdbcGroupMembers implements GroupMembers {

    private final JdbcTemplate jdbc;

    JdbcGroupMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> membersAmong(String groupId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT member_id FROM group_member WHERE group_id = ? AND member_id = ANY(?)");
            ps.setString(1, groupId);
            ps.setArray(2, con.createArrayOf("varchar", ids.toArray()));
            return ps;
        }, (rs, n) -> rs.getString(1)));
    }

    @Override
    public List<GroupMember> all(String groupId) {
        return jdbc.query("SELECT member_id, member_type FROM group_member WHERE group_id = ? ORDER BY member_id",
                (rs, n) -> new GroupMember(rs.getString(1), rs.getString(2)), groupId);
    }

    @Override
    public void add(String tenantId, String groupId, List<GroupMember> members) {
        jdbc.batchUpdate("INSERT INTO group_member (tenant_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?)",
                members, 1000, (ps, member) -> {
                    ps.setString(1, tenantId);
                    ps.setString(2, groupId);
                    ps.setString(3, member.value());
                    ps.setString(4, member.type());
                });
    }

    @Override
    public void remove(String groupId, Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("DELETE FROM group_member WHERE group_id = ? AND member_id = ANY(?)");
            ps.setString(1, groupId);
            ps.setArray(2, con.createArrayOf("varchar", memberIds.toArray()));
            return ps;
        });
    }

    @Override
    public void removeAllOf(String groupId) {
        jdbc.update("DELETE FROM group_member WHERE group_id = ?", groupId);
    }

    @Override
    public List<String> groupsOf(String tenantId, String memberId) {
        return jdbc.queryForList("SELECT group_id FROM group_member WHERE tenant_id = ? AND member_id = ? ORDER BY group_id",
                String.class, tenantId, memberId);
    }

    /**
     * The type ("User" or "Group") of each id that names a live user or group of the tenant, in the order asked.
     * Locks what it finds (FOR SHARE) until the transaction ends, so a concurrent delete of a member waits for this
     * command and then sees the membership it must undo.
     */
    @Override
    public Map<String, String> existingMembers(String tenantId, Collection<String> ids) {
        Map<String, String> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Set<String> users = new HashSet<>(lockedIds(
                "SELECT user_id FROM user_name_claim WHERE tenant_id = ? AND user_id = ANY(?) FOR SHARE", tenantId, ids));
        Set<String> groups = new HashSet<>(lockedIds(
                "SELECT group_id FROM group_name_claim WHERE tenant_id = ? AND group_id = ANY(?) FOR SHARE", tenantId, ids));
        for (String id : ids) {
            if (users.contains(id)) {
                found.put(id, GroupMember.USER);
            } else if (groups.contains(id)) {
                found.put(id, GroupMember.GROUP);
            }
        }
        return found;
    }

    private List<String> lockedIds(String sql, String tenantId, Collection<String> ids) {
        return new ArrayList<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setString(1, tenantId);
            Array array = con.createArrayOf("varchar", ids.toArray());
            ps.setArray(2, array);
            return ps;
        }, (rs, n) -> rs.getString(1)));
    }

    @Override
    public boolean claimName(String tenantId, String displayNameKey, String groupId) {
        return jdbc.update("""
                INSERT INTO group_name_claim (tenant_id, display_name_key, group_id) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, display_name_key) DO NOTHING""", tenantId, displayNameKey, groupId) == 1;
    }

    @Override
    public void releaseName(String tenantId, String displayNameKey, String groupId) {
        jdbc.update("DELETE FROM group_name_claim WHERE tenant_id = ? AND display_name_key = ? AND group_id = ?",
                tenantId, displayNameKey, groupId);
    }
}
