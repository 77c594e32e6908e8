package dev.slipway.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface EnvironmentRepository extends JpaRepository<Environment, Long> {

    Optional<Environment> findBySlug(String slug);

    boolean existsBySlug(String slug);

    boolean existsByNameIgnoreCase(String name);

    boolean existsByNameIgnoreCaseAndIdNot(String name, Long id);

    List<Environment> findAllByOrderByPosition();

    @Query("select coalesce(max(e.position), 0) from Environment e")
    int maxPosition();

    boolean existsByPositionAndIdNot(int position, Long id);

    boolean existsByPosition(int position);
}
