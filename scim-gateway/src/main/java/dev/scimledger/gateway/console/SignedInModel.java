package dev.scimledger.gateway.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Who is signed in, for every console page: the name and role in the header, and whether the page offers changes. */
@ControllerAdvice(basePackageClasses = SignedInModel.class)
class SignedInModel {

    @ModelAttribute("signedInAs")
    String signedInAs(Authentication signedIn) {
        return signedIn == null ? null : signedIn.getName();
    }

    @ModelAttribute("signedInRole")
    String signedInRole(Authentication signedIn) {
        return signedIn == null ? null : (isAdmin(signedIn) ? ConsoleRole.ADMIN : ConsoleRole.AUDITOR).stored();
    }

    /** Whether the signed-in person may change things: the pages show an auditor no form it could not send. */
    @ModelAttribute("admin")
    boolean admin(Authentication signedIn) {
        return signedIn != null && isAdmin(signedIn);
    }

    private static boolean isAdmin(Authentication signedIn) {
        return signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + ConsoleRole.ADMIN.name())::equals);
    }
}
