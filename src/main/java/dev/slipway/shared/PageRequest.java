package dev.slipway.shared;

import org.jspecify.annotations.Nullable;

/** Which page of a list to read: page numbers start at 1, sizes run from 1 to {@value #MAX_SIZE}. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 25;
    public static final int MAX_SIZE = 200;

    public PageRequest {
        if (page < 1) {
            throw new InvalidInputException("page", "must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    public static PageRequest first() {
        return new PageRequest(1, DEFAULT_SIZE);
    }

    /**
     * The page a portal link asks for ({@code ?page=}): a missing, malformed or too small number is the first page,
     * so that a stale or hand-edited link shows a list rather than an error.
     */
    public static PageRequest of(@Nullable String page, int size) {
        try {
            return new PageRequest(Math.max(1, Integer.parseInt(page == null ? "1" : page.strip())), size);
        } catch (NumberFormatException e) {
            return new PageRequest(1, size);
        }
    }

    public int offset() {
        return (page - 1) * size;
    }
}
