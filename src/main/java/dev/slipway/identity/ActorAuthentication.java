package dev.slipway.identity;

import java.util.stream.Stream;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The authentication of a request once its actor is known; its authorities are the actor's roles. */
class ActorAuthentication extends AbstractAuthenticationToken {

    private final Actor actor;

    ActorAuthentication(Actor actor) {
        super(Stream.concat(actor.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())),
                Stream.of(new SimpleGrantedAuthority("ACTOR_" + actor.kind().name()))).toList());
        this.actor = actor;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.username();
    }
}
