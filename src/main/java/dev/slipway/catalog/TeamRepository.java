package dev.slipway.catalog;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TeamRepository extends JpaRepository<Team, Long> {

    Optional<Team> findBySlug(String slug);

    boolean existsBySlug(String slug);

    /** The team, kept from being deleted until the transaction ends ({@code FOR SHARE}). */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select t from Team t where t.slug = ?1")
    Optional<Team> findBySlugForShare(String slug);

    /** The team, locked for deleting: whoever holds it {@code FOR SHARE} finishes first, or waits and finds it gone. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Team t where t.slug = ?1")
    Optional<Team> findBySlugForUpdate(String slug);

    boolean existsByNameIgnoreCase(String name);

    boolean existsByNameIgnoreCaseAndIdNot(String name, Long id);

    List<Team> findAllByOrderBySlug();
}
