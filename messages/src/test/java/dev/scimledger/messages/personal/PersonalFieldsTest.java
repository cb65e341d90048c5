package dev.scimledger.messages.personal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Components that hold a person's values wherever they appear in an event. */
    private static final Set<String> PERSONAL_NAMES = Set.of("userName", "attributes");

    @Test
    void everyEventThatCarriesAUsersValuesMarksThemPersonal() throws Exception {
        List<Class<?>> events = eventClasses("user");
        assertTrue(events.size() >= 8, "the user events were found: " + events);
        for (Class<?> event : events) {
            for (RecordComponent component : event.getRecordComponents()) {
                if (PERSONAL_NAMES.contains(component.getName())) {
                    assertTrue(PersonalEvent.class.isAssignableFrom(event), event.getSimpleName() + " is a PersonalEvent");
                    assertTrue(component.isAnnotationPresent(PersonalData.class),
                            event.getSimpleName() + "." + component.getName() + " is marked @PersonalData");
                }
            }
        }
    }

    @Test
    void personalComponentsAreFoundByName() {
        assertEquals(List.of("userName", "attributes"),
                PersonalFields.of(dev.scimledger.messages.user.UserCreatedEvent.class));
        assertEquals(List.of("attributes"),
                PersonalFields.of(dev.scimledger.messages.user.UserAttributesChangedEvent.class));
        assertEquals(List.of(), PersonalFields.of(dev.scimledger.messages.user.UserErasedEvent.class));
        assertEquals(List.of(), PersonalFields.of(dev.scimledger.messages.group.GroupCreatedEvent.class));
    }

    @Test
    void anErasedObjectKeepsItsAttributeNamesOnlyAndAnythingElseReadsErased() throws Exception {
        JsonNode attributes = JSON.readTree("""
                {"userName":"jane@example.com","name":{"givenName":"Jane"},"emails":[{"value":"jane@example.com"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}""");
        JsonNode erased = PersonalFields.erased(attributes);
        assertEquals(JSON.readTree("""
                {"userName":"[erased]","name":"[erased]","emails":"[erased]",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"[erased]"}"""), erased);
        assertFalse(erased.toString().contains("jane"));
        assertEquals("[erased]", PersonalFields.erased(JSON.getNodeFactory().textNode("jane@example.com")).asText());
        assertEquals("[erased]", PersonalFields.erased(JSON.readTree("[1,2]")).asText());
    }

    @Test
    void erasingAnEventLeavesItsOtherComponentsAsTheyAre() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree("""
                {"tenantId":"t","userId":"u","userName":"jane","attributes":{"userName":"jane"},"active":true,
                 "at":"2026-01-01T00:00:00Z"}""");
        PersonalFields.erase(event, dev.scimledger.messages.user.UserCreatedEvent.class);
        assertEquals(JSON.readTree("""
                {"tenantId":"t","userId":"u","userName":"[erased]","attributes":{"userName":"[erased]"},"active":true,
                 "at":"2026-01-01T00:00:00Z"}"""), event);
    }

    private static List<Class<?>> eventClasses(String feature) throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/scimledger/messages", feature))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Event.java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                classes.add(Class.forName("dev.scimledger.messages." + feature + "." + name));
            }
        }
        return classes;
    }
}
