package dev.slipway.bench;

import java.net.http.HttpResponse;
import java.util.Locale;

/** One request of a scenario, and what its answer must show for the timing to count. */
record Probe(String path, Kind kind, long expectedTotal, int page) {

    enum Kind {
        /** The whole portal page, as a browser loads it. */
        FULL_PAGE,
        /** Only the results, as htmx asks for them while the user types, filters or pages. */
        FRAGMENT,
        /** A page of the JSON API. */
        JSON
    }

    /** The portal's page size; the API requests ask for the same. */
    static final int PAGE_SIZE = 25;

    static Probe firstPage(String path, Kind kind, long expectedTotal) {
        return new Probe(path, kind, expectedTotal, 1);
    }

    boolean htmx() {
        return kind == Kind.FRAGMENT;
    }

    /** Throws {@link WrongAnswer} unless the response is the one a user would need to see. */
    void check(HttpResponse<String> response) {
        String body = response.body();
        require(response.statusCode() == 200, "status " + response.statusCode());
        switch (kind) {
            case JSON -> require(body.contains("\"totalItems\":" + expectedTotal), "totalItems not " + expectedTotal);
            case FULL_PAGE -> {
                require(body.contains("<html"), "not a full page");
                requireResults(body);
            }
            case FRAGMENT -> {
                require(!body.contains("<html") && body.contains("id=\"results\""), "not the results fragment");
                requireResults(body);
            }
        }
    }

    private void requireResults(String body) {
        if (expectedTotal == 0) {
            require(body.contains("No service matches"), "no empty state");
        } else {
            require(body.contains(pageInfo()), "no page info '" + pageInfo() + "'");
        }
    }

    /** The pager's "26–50 of 20,000". */
    private String pageInfo() {
        long first = (long) (page - 1) * PAGE_SIZE + 1;
        long last = Math.min((long) page * PAGE_SIZE, expectedTotal);
        return String.format(Locale.ENGLISH, "%,d–%,d of %,d", first, last, expectedTotal);
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            throw new WrongAnswer("GET " + path + " answered wrongly: " + problem);
        }
    }

    static final class WrongAnswer extends RuntimeException {
        WrongAnswer(String message) {
            super(message);
        }
    }
}
