package dev.scimledger.scim;

import java.util.function.Predicate;

/** Looks through a failure's cause chain, which frameworks (Axon, Spring) wrap around the exception that matters. */
public final class Causes {

    private Causes() {
    }

    /** The first throwable of the chain, the failure itself included, that is a {@code type}; null if none is. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whether any throwable of the chain, the failure itself included, is what {@code test} looks for. */
    public static boolean any(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}
