package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** Which top-level attributes (or extension URNs) of a resource differ between two versions of it. */
public final class AttributeDiff {

    private AttributeDiff() {
    }

    /** The names, sorted, of the top-level attributes whose values differ, including added and removed ones. */
    public static List<String> changedAttributes(ObjectNode before, ObjectNode after) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }
}
