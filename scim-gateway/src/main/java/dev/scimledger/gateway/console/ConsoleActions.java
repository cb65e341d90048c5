package dev.scimledger.gateway.console;

import dev.scimledger.gateway.admin.AdminActor;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.function.Supplier;

/** What every console page that changes something shares: who acts, and a refusal shown on the page it returns to. */
final class ConsoleActions {

    /** The flash attribute a page shows as its error, when an action was refused. */
    static final String REFUSED = "refused";
    /** The flash attribute a page shows as what was done. */
    static final String DONE = "done";

    private ConsoleActions() {
    }

    static AdminActor actor(Authentication signedIn, HttpServletRequest request) {
        return AdminActor.person(signedIn.getName(), request);
    }

    /**
     * Runs {@code action}; a refusal (a {@link ScimException}: a name taken, a value out of range) becomes the page's
     * error instead of an error page. Answers the redirect to {@code page}.
     */
    static String attempt(RedirectAttributes flash, String page, Supplier<String> action) {
        try {
            String done = action.get();
            if (done != null) {
                flash.addFlashAttribute(DONE, done);
            }
        } catch (ScimException refused) {
            flash.addFlashAttribute(REFUSED, refused.detail());
        }
        return "redirect:" + page;
    }
}
