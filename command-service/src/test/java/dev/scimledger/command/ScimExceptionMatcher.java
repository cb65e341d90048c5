package dev.scimledger.command;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;

/** Matches the SCIM error an aggregate refuses a command with: its status and, unless null, its scimType. */
public final class ScimExceptionMatcher {

    private ScimExceptionMatcher() {
    }

    public static TypeSafeMatcher<ScimException> scim(int status, ScimErrorType type) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ScimException e) {
                return e.status() == status && (type == null || type == e.scimType());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("ScimException " + status + " " + type);
            }
        };
    }
}
