package dev.slipway.shared;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/** One page of a list, numbered from 1, with the totals a pager needs. */
public record PageResult<T>(List<T> items, int page, int size, long totalItems) {

    @JsonProperty
    public int totalPages() {
        return (int) Math.max(1, (totalItems + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < totalPages();
    }

    /** Position of the first item on this page, counted from 1; 0 when the list is empty. */
    public long firstItem() {
        return items.isEmpty() ? 0 : (long) (page - 1) * size + 1;
    }

    public long lastItem() {
        return items.isEmpty() ? 0 : firstItem() + items.size() - 1;
    }

    public <R> PageResult<R> map(Function<T, R> mapper) {
        return new PageResult<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
