package dev.slipway.identity;

import java.util.Objects;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Username and password sign-in (the portal form, and HTTP Basic on the token endpoint), throttled
 * by {@link LoginThrottle}. A successful sign-in yields the {@link SignedInUser} a session keeps.
 */
class PasswordAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final SignInEvents events;

    PasswordAuthenticationProvider(AccountDetailsService accounts, PasswordEncoder encoder, LoginThrottle throttle,
            SignInEvents events) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName() == null ? "" : authentication.getName().strip().toLowerCase();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        var locked = throttle.lockedUntil(username, address);
        if (locked.isPresent()) {
            events.throttled(username, address);
            throw new LoginThrottledException(locked.get());
        }
        try {
            Authentication result = passwords.authenticate(
                    new UsernamePasswordAuthenticationToken(username, authentication.getCredentials()));
            var account = (AccountDetailsService.Account) Objects.requireNonNull(result.getPrincipal());
            throttle.clearFailures(username);
            events.succeeded(account.signedIn());
            var signedIn = UsernamePasswordAuthenticationToken.authenticated(account.signedIn(), null,
                    result.getAuthorities());
            signedIn.setDetails(authentication.getDetails());
            return signedIn;
        } catch (AuthenticationException e) {
            throttle.recordFailure(username, address);
            events.failed(username, address, e);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
