package dev.slipway.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsername(String username);

    Optional<UserAccount> findByOidcIssuerAndOidcSubject(String issuer, String subject);

    boolean existsByUsername(String username);

    List<UserAccount> findByKindOrderByUsername(Actor.Kind kind);

    @Query("select u.username from UserAccount u where u.ownerTeam = ?1 and u.enabled = true order by u.username")
    List<String> enabledServiceAccountNames(String ownerTeam);

    @Query("select count(u) > 0 from UserAccount u join u.roles r where r = dev.slipway.identity.Role.ADMIN and u.enabled = true")
    boolean anyEnabledAdmin();
}
