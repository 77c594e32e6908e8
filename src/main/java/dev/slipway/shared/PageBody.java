package dev.slipway.shared;

import java.util.List;
import org.springframework.data.domain.Page;

/** One page of a list as the API writes it: numbered from 1, with the totals a client needs to page on. */
public record PageBody<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> PageBody<T> of(Page<T> page) {
        return new PageBody<>(page.getContent(), page.getNumber() + 1, page.getSize(), page.getTotalElements(),
                Math.max(1, page.getTotalPages()));
    }
}
