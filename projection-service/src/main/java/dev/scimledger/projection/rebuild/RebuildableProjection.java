package dev.scimledger.projection.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.projection.ReadModelTables;
import dev.scimledger.projection.audit.AuditTrail;
import dev.scimledger.projection.group.GroupReadModel;
import dev.scimledger.projection.tenant.DeletedTenants;
import dev.scimledger.projection.user.UserReadModel;
import dev.scimledger.scim.ScimException;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.List;

/**
 * The projections a rebuild can replay: the live processor's name, fresh handler instances on the shadow tables (the
 * live ones' classes, so the very same handler methods), the shadow tables to empty first, and what is compared.
 *
 * <p>Each compared table is read as one ordered full join of live and shadow rows on the key: the key, both versions
 * (the aggregate sequence number the row has reached; null where the table has none) and both rows in a canonical
 * form, a JSON array of the compared columns ({@code jsonb} text is canonical; times in UTC). The table names are the
 * two fixed sets of {@link ReadModelTables}; the tenant is a bind parameter.
 */
enum RebuildableProjection {

    READ_MODEL("scim-read-model") {
        @Override
        boolean inline() {
            return true;
        }

        @Override
        List<EventMessageHandler> shadowHandlers(JdbcTemplate jdbc, ObjectMapper json) {
            return List.of(new AnnotationEventHandlerAdapter(new UserReadModel(jdbc, json, ReadModelTables.REBUILD)),
                    new AnnotationEventHandlerAdapter(new GroupReadModel(jdbc, json, ReadModelTables.REBUILD)),
                    new AnnotationEventHandlerAdapter(new DeletedTenants(jdbc, ReadModelTables.REBUILD)));
        }

        @Override
        List<String> shadowTables() {
            return List.of(ReadModelTables.REBUILD.member(), ReadModelTables.REBUILD.group(),
                    ReadModelTables.REBUILD.user());
        }

        @Override
        List<ComparedTable> compared() {
            return List.of(new ComparedTable("User/", joined(ReadModelTables.LIVE.user(), ReadModelTables.REBUILD.user(),
                            "user_id", "version", """
                                    jsonb_build_array(t.user_id, t.tenant_id, t.version, t.user_name, t.external_id,
                                                      t.display_name, t.active, t.deleted, t.attributes,
                                                      t.created AT TIME ZONE 'UTC', t.last_modified AT TIME ZONE 'UTC')""",
                            null)),
                    new ComparedTable("Group/", joined(ReadModelTables.LIVE.group(), ReadModelTables.REBUILD.group(),
                            "group_id", "version", """
                                    jsonb_build_array(t.group_id, t.tenant_id, t.version, t.display_name, t.external_id,
                                                      t.attributes, t.created AT TIME ZONE 'UTC',
                                                      t.last_modified AT TIME ZONE 'UTC', t.deleted,
                                                      (SELECT coalesce(jsonb_agg(jsonb_build_array(m.member_id,
                                                                  m.member_type, m.tenant_id)
                                                              ORDER BY m.member_id COLLATE "C"), '[]'::jsonb)
                                                       FROM %s m WHERE m.group_id = t.group_id))""",
                            new String[]{ReadModelTables.LIVE.member(), ReadModelTables.REBUILD.member()})));
        }
    },

    AUDIT_TRAIL("audit-trail") {
        @Override
        List<EventMessageHandler> shadowHandlers(JdbcTemplate jdbc, ObjectMapper json) {
            return List.of(new AnnotationEventHandlerAdapter(new AuditTrail(jdbc, json, ReadModelTables.REBUILD)));
        }

        @Override
        List<String> shadowTables() {
            return List.of(ReadModelTables.REBUILD.audit());
        }

        // every column but recorded_at, which is when the row was written, not a fact of the log
        @Override
        List<ComparedTable> compared() {
            return List.of(new ComparedTable("AuditEvent/", joined(ReadModelTables.LIVE.audit(),
                    ReadModelTables.REBUILD.audit(), "event_id", null, """
                            jsonb_build_array(t.event_id, t.tenant_id, t.resource_type, t.resource_id, t.sequence_number,
                                              t.event_type, t.token_id, t.request_id, t.client_address, t.user_agent,
                                              t.changed_attributes, t.occurred_at AT TIME ZONE 'UTC')""", null)));
        }
    };

    /** One compared table: its keys' prefix in differences and digests, and its ordered join (two tenant binds). */
    record ComparedTable(String keyPrefix, String sql) {
    }

    private final String processor;

    RebuildableProjection(String processor) {
        this.processor = processor;
    }

    String processor() {
        return processor;
    }

    /**
     * Whether the live projection is written in its events' own transactions (no processor, no tokens): then any
     * snapshot of its tables holds exactly the log that snapshot sees.
     */
    boolean inline() {
        return false;
    }

    abstract List<EventMessageHandler> shadowHandlers(JdbcTemplate jdbc, ObjectMapper json);

    /** In the order they are emptied (members before their groups). */
    abstract List<String> shadowTables();

    abstract List<ComparedTable> compared();

    static RebuildableProjection named(String name) {
        return Arrays.stream(values()).filter(p -> p.processor.equals(name)).findFirst()
                .orElseThrow(() -> ScimException.notFound("no projection named " + name + "; rebuildable: "
                        + String.join(", ", Arrays.stream(values()).map(RebuildableProjection::processor).toList())));
    }

    /**
     * {@code canonical} uses alias {@code t}; its one {@code %s}, if any, is filled from {@code nested} (live, shadow).
     * The result binds the tenant twice (null: every tenant).
     */
    private static String joined(String live, String shadow, String key, String version, String canonical,
                                 String[] nested) {
        String liveRow = nested == null ? canonical : canonical.formatted(nested[0]);
        String shadowRow = nested == null ? canonical : canonical.formatted(nested[1]);
        String versionColumn = version == null ? "NULL::bigint" : "t." + version;
        return """
                SELECT coalesce(l.k, r.k) AS row_key, l.v AS live_version, r.v AS rebuilt_version,
                       l.c AS live_row, r.c AS rebuilt_row
                FROM (SELECT t.%3$s AS k, %4$s AS v, %5$s::text AS c FROM %1$s t WHERE ?::text IS NULL OR t.tenant_id = ?::text) l
                FULL JOIN (SELECT t.%3$s AS k, %4$s AS v, %6$s::text AS c FROM %2$s t WHERE ?::text IS NULL OR t.tenant_id = ?::text) r
                     ON r.k = l.k
                ORDER BY coalesce(l.k, r.k) COLLATE "C\""""
                .formatted(live, shadow, key, versionColumn, liveRow, shadowRow);
    }
}
