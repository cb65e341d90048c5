package dev.scimledger.messages.personal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a {@link PersonalEvent} that holds the person's data. In the log it is stored encrypted
 * with that person's key; once the person is erased it reads as {@link PersonalFields#ERASED}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface PersonalData {
}
