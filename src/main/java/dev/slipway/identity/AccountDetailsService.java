package dev.slipway.identity;

import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Looks up people who sign in with a password. Service accounts never sign in. */
@Component
@RequiredArgsConstructor
class AccountDetailsService implements UserDetailsService {

    private final UserAccountRepository users;

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        UserAccount user = users.findByUsername(username == null ? "" : username.strip().toLowerCase())
                .filter(u -> u.getKind() == Actor.Kind.PERSON && u.getPasswordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        return new Account(user.getId(), user.getUsername(), user.getPasswordHash(), user.isEnabled(),
                user.getSessionEpoch());
    }

    /** Spring Security's view of a person, carrying what the session keeps once they are signed in. */
    static final class Account extends User {

        private final long userId;
        private final int sessionEpoch;

        Account(long userId, String username, String passwordHash, boolean enabled, int sessionEpoch) {
            super(username, passwordHash, enabled, true, true, true, List.of(new SimpleGrantedAuthority("ROLE_USER")));
            this.userId = userId;
            this.sessionEpoch = sessionEpoch;
        }

        SignedInUser signedIn() {
            return new SignedInUser(userId, getUsername(), sessionEpoch);
        }
    }
}
