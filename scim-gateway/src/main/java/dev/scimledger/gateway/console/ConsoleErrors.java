package dev.scimledger.gateway.console;

import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A console page that cannot be shown (no such tenant, a value out of range) is a page saying so, with its status,
 * not the SCIM API's JSON error: this advice comes before {@code ScimErrors} for the console's controllers.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    @ExceptionHandler(ScimException.class)
    String refused(ScimException refused, HttpServletResponse response, Model model) {
        response.setStatus(refused.status());
        model.addAttribute("status", refused.status());
        model.addAttribute("detail", refused.detail());
        return "console/error";
    }
}
