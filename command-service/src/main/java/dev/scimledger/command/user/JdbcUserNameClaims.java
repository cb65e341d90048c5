package dev.scimledger.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link UserNameClaims} as rows of {@code user_name_claim}, whose primary key does the deciding. */
@Component
class JdbcUserNameClaims implements UserNameClaims {

    private final JdbcTemplate jdbc;

    JdbcUserNameClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String tenantId, String userNameKey, String userId) {
        return jdbc.update("""
                INSERT INTO user_name_claim (tenant_id, user_name_key, user_id) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, user_name_key) DO NOTHING""", tenantId, userNameKey, userId) == 1;
    }

    @Override
    public java.util.Optional<String> holder(String tenantId, String userNameKey) {
        return jdbc.queryForList("SELECT user_id FROM user_name_claim WHERE tenant_id = ? AND user_name_key = ?",
                String.class, tenantId, userNameKey).stream().findFirst();
    }

    @Override
    public void release(String tenantId, String userNameKey, String userId) {
        jdbc.update("DELETE FROM user_name_claim WHERE tenant_id = ? AND user_name_key = ? AND user_id = ?",
                tenantId, userNameKey, userId);
    }
}
