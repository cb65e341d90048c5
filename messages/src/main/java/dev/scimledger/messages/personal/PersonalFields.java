package dev.scimledger.messages.personal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which JSON properties of an event are {@link PersonalData}, and what they read as once erased: the text
 * {@value #ERASED}, keeping only the names of an object's top-level attributes (which attributes a user had is
 * not personal; their values are). So an erased event still tells which attributes were set or changed.
 */
public final class PersonalFields {

    public static final String ERASED = "[erased]";

    private static final Map<Class<?>, List<String>> NAMES = new ConcurrentHashMap<>();

    private PersonalFields() {
    }

    /** The JSON property names of {@code type}'s personal components (record component names); empty if none. */
    public static List<String> of(Class<?> type) {
        return NAMES.computeIfAbsent(type, PersonalFields::find);
    }

    private static List<String> find(Class<?> type) {
        List<String> names = new ArrayList<>();
        if (type.isRecord() && PersonalEvent.class.isAssignableFrom(type)) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.isAnnotationPresent(PersonalData.class)) {
                    names.add(component.getName());
                }
            }
        }
        return List.copyOf(names);
    }

    /** What a personal value reads as once erased: an object keeps its attribute names, anything else is {@value #ERASED}. */
    public static JsonNode erased(JsonNode value) {
        if (value instanceof ObjectNode object) {
            ObjectNode skeleton = object.objectNode();
            object.fieldNames().forEachRemaining(name -> skeleton.put(name, ERASED));
            return skeleton;
        }
        return TextNode.valueOf(ERASED);
    }

    /** Replaces, in an event's JSON form, every personal property of {@code type} by its erased form. */
    public static ObjectNode erase(ObjectNode event, Class<?> type) {
        for (String name : of(type)) {
            JsonNode value = event.get(name);
            if (value != null && !value.isNull()) {
                event.set(name, erased(value));
            }
        }
        return event;
    }
}
