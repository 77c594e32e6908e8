package dev.slipway.identity;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findBySecretHash(String secretHash);

    List<ApiToken> findByOwnerIdOrderByCreatedAtDesc(@Nullable Long ownerId);

    List<ApiToken> findAllByOrderByCreatedAtDesc();
}
