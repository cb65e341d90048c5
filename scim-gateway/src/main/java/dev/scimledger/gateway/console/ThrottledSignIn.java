package dev.scimledger.gateway.console;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The password check, behind {@link SignInThrottle}: a throttled name or address is refused before any hash. */
final class ThrottledSignIn implements AuthenticationProvider {

    /** A sign-in refused for the failures before it; {@code seconds} until it may be tried again. */
    static final class Throttled extends AuthenticationException {
        private final long seconds;

        Throttled(long seconds) {
            super("too many wrong passwords; try again in " + seconds + " s");
            this.seconds = seconds;
        }

        long seconds() {
            return seconds;
        }
    }

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : null;
        long wait = throttle.throttledSeconds(username, address);
        if (wait > 0) {
            throw new Throttled(wait);
        }
        try {
            Authentication authenticated = passwords.authenticate(attempt);
            throttle.signedIn(username, address);
            return authenticated;
        } catch (BadCredentialsException wrong) {
            throttle.wrongPassword(username, address);
            throw wrong;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
