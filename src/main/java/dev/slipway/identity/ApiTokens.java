package dev.slipway.identity;

import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** API tokens for scripts: personal ones, and service-account ones minted by administrators. */
@Component
@Transactional
public class ApiTokens {

    // Writing the last-used time on every call would turn each API read into a write.
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;
    private final ActorLoader actors;
    private final AccessPolicy access;
    private final TeamDirectory teams;
    private final IdentityProperties.Tokens lifetimes;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RecentTokens recent;
    private final TransactionTemplate transaction;

    ApiTokens(ApiTokenRepository tokens, UserAccountRepository users, ActorLoader actors, AccessPolicy access,
            TeamDirectory teams, IdentityProperties properties, JdbcClient jdbc, Clock clock,
            ApplicationEventPublisher events, RecentTokens recent, TransactionTemplate transaction) {
        this.events = events;
        this.recent = recent;
        this.transaction = transaction;
        this.tokens = tokens;
        this.users = users;
        this.actors = actors;
        this.access = access;
        this.teams = teams;
        this.lifetimes = properties.tokens();
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public CreatedToken create(TokenRequest request) {
        Actor actor = access.current();
        UserAccount owner = owner(actor, request.serviceAccount());
        Instant now = clock.instant();
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt() : defaultExpiry(actor, now);
        Set<Scope> scopes = request.scopes() == null || request.scopes().isEmpty() ? EnumSet.noneOf(Scope.class)
                : EnumSet.copyOf(request.scopes());
        String team = request.team() == null || request.team().isBlank() ? null : request.team().strip();
        RequestValidator.require(problems(actor, request.name(), scopes, team, expiresAt, now));

        String secret = TokenSecrets.newSecret();
        var token = tokens.saveAndFlush(new ApiToken(Objects.requireNonNull(request.name()).strip(), owner.getId(), TokenSecrets.hash(secret),
                TokenSecrets.hint(secret), scopes, team, expiresAt, Objects.requireNonNull(actor.userId()), now));
        TokenView view = token.toView(owner.getUsername());
        events.publishEvent(new TokenCreated(view));
        return new CreatedToken(secret, view);
    }

    /** The caller's own tokens, newest first, revoked and expired ones included. */
    @Transactional(readOnly = true)
    public List<TokenView> mine() {
        Actor actor = access.current();
        return tokens.findByOwnerIdOrderByCreatedAtDesc(actor.userId()).stream()
                .map(t -> t.toView(actor.username())).toList();
    }

    @Transactional(readOnly = true)
    public List<TokenView> of(String serviceAccount) {
        access.require(Permission.USER_ADMIN);
        UserAccount account = users.findByUsername(serviceAccount)
                .filter(u -> u.getKind() == Actor.Kind.SERVICE_ACCOUNT)
                .orElseThrow(() -> new NotFoundException("service account", serviceAccount));
        return tokens.findByOwnerIdOrderByCreatedAtDesc(account.getId()).stream()
                .map(t -> t.toView(account.getUsername())).toList();
    }

    /** Revocation takes effect on the token's next request. Its owner or an administrator may revoke it. */
    public TokenView revoke(long id) {
        Actor actor = access.current();
        ApiToken token = tokens.findById(id).orElseThrow(() -> new NotFoundException("token", String.valueOf(id)));
        if (!token.getOwnerId().equals(actor.userId())) {
            try {
                access.require(Permission.USER_ADMIN, null, TokenRevoked.NAME, "token", String.valueOf(id));
            } catch (ForbiddenException e) {
                throw new NotFoundException("token", String.valueOf(id)); // others' tokens are not disclosed
            }
        }
        token.revoke(Objects.requireNonNull(actor.userId()), clock.instant());
        tokens.flush();
        events.publishEvent(new TokenRevoked(id));
        return token.toView(users.findById(token.getOwnerId()).map(UserAccount::getUsername).orElse("?"));
    }

    /** An administrator revokes a token of a service account. */
    public TokenView revokeOf(String serviceAccount, long id) {
        access.require(Permission.USER_ADMIN, null, TokenRevoked.NAME, "token", String.valueOf(id));
        UserAccount account = users.findByUsername(serviceAccount)
                .filter(u -> u.getKind() == Actor.Kind.SERVICE_ACCOUNT)
                .orElseThrow(() -> new NotFoundException("service account", serviceAccount));
        ApiToken token = tokens.findById(id).filter(t -> t.getOwnerId().equals(account.getId()))
                .orElseThrow(() -> new NotFoundException("token", String.valueOf(id)));
        token.revoke(Objects.requireNonNull(access.current().userId()), clock.instant());
        tokens.flush();
        events.publishEvent(new TokenRevoked(id));
        return token.toView(account.getUsername());
    }

    /**
     * The actor a presented secret stands for, if the token is valid, unexpired, unrevoked and its owner enabled.
     * A token seen from the same address within the cache time is answered from {@link RecentTokens}, without a
     * transaction; otherwise the token, its owner and memberships are read in one, and its use is noted.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Actor> authenticate(String secret, String address) {
        if (!TokenSecrets.looksLikeSecret(secret)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        Instant now = clock.instant();
        Optional<Actor> recalled = recent.recall(hash, address, now);
        if (recalled.isPresent()) {
            return recalled;
        }
        long generation = recent.generation();
        Optional<Actor> actor = transaction.execute(status -> tokens.findBySecretHash(hash)
                .filter(token -> TokenSecrets.sameHash(hash, token.getSecretHash()))
                .filter(token -> token.isUsableAt(now))
                .flatMap(token -> {
                    noteUse(token.getId(), address, now);
                    return actors.load(token.getOwnerId(), null, new Actor.TokenGrant(token.getId(),
                            token.scopeSet(), token.getTeamSlug(), token.getExpiresAt()));
                }));
        actor.ifPresent(found -> recent.remember(hash, address, found, Objects.requireNonNull(found.token()).expiresAt(), now, generation));
        return actor;
    }

    /** Why a presented secret was refused, for the error message; never reveals whose token it was. */
    @Transactional(readOnly = true)
    public String whyRefused(String secret) {
        if (!TokenSecrets.looksLikeSecret(secret)) {
            return "the token is malformed";
        }
        return tokens.findBySecretHash(TokenSecrets.hash(secret))
                .map(token -> token.getRevokedAt() != null ? "the token was revoked"
                        : !clock.instant().isBefore(token.getExpiresAt()) ? "the token has expired"
                        : "the token's owner is disabled")
                .orElse("the token is unknown");
    }

    /** Removes the tokens restricted to a team the catalog is deleting. */
    void removeRestrictedTo(String team) {
        jdbc.sql("delete from api_token where team_slug = ?").param(team).update();
    }

    /** The default lifetime, but never beyond the expiry of the token that mints it. */
    private Instant defaultExpiry(Actor actor, Instant now) {
        Instant standard = now.plus(lifetimes.defaultLifetime());
        return actor.token() != null && actor.token().expiresAt().isBefore(standard) ? actor.token().expiresAt() : standard;
    }

    private void noteUse(long tokenId, String address, Instant now) {
        jdbc.sql("""
                update api_token set last_used_at = ?, last_used_address = ?
                where id = ? and (last_used_at is null or last_used_at < ? or last_used_address is distinct from ?)""")
                .params(Timestamp.from(now), address, tokenId,
                        Timestamp.from(now.minus(LAST_USED_RESOLUTION)), address)
                .update();
    }

    private UserAccount owner(Actor actor, @Nullable String serviceAccount) {
        if (serviceAccount == null || serviceAccount.isBlank()) {
            if (actor.userId() == null) {
                throw new InvalidInputException("serviceAccount", "name the account the token is for");
            }
            return users.findById(actor.userId()).orElseThrow(() -> new NotFoundException("user", actor.username()));
        }
        access.require(Permission.USER_ADMIN, null, TokenCreated.NAME, "user", serviceAccount);
        return users.findByUsername(serviceAccount.strip())
                .filter(u -> u.getKind() == Actor.Kind.SERVICE_ACCOUNT)
                .orElseThrow(() -> new InvalidInputException("serviceAccount",
                        "no service account '" + serviceAccount + "' exists"));
    }

    private List<FieldError> problems(Actor actor, @Nullable String name, Set<Scope> scopes, @Nullable String team, Instant expiresAt,
            Instant now) {
        var errors = new ArrayList<FieldError>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.strip().length() > 100) {
            errors.add(new FieldError("name", "must be at most 100 characters"));
        }
        if (scopes.isEmpty()) {
            errors.add(new FieldError("scopes", "name at least one of " + Scope.allowed()));
        }
        if (team != null && !teams.exists(team)) {
            errors.add(new FieldError("team", "no team '" + team + "' exists"));
        }
        if (!expiresAt.isAfter(now)) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        } else if (expiresAt.isAfter(now.plus(lifetimes.maxLifetime()))) {
            errors.add(new FieldError("expiresAt", "must be within " + lifetimes.maxLifetime().toDays() + " days"));
        }
        Actor.TokenGrant caller = actor.token();
        if (caller != null) {
            var extra = EnumSet.noneOf(Scope.class);
            extra.addAll(scopes);
            extra.removeAll(caller.scopes());
            if (!extra.isEmpty()) {
                errors.add(new FieldError("scopes", "a token cannot mint a token with scopes it lacks: "
                        + extra.stream().map(Scope::id).toList()));
            }
            if (caller.team() != null && !caller.team().equals(team)) {
                errors.add(new FieldError("team", "must be '" + caller.team() + "', the team this token is restricted to"));
            }
            if (expiresAt.isAfter(caller.expiresAt())) {
                errors.add(new FieldError("expiresAt", "must not outlive the token that mints it ("
                        + caller.expiresAt() + ")"));
            }
        }
        return errors;
    }
}
