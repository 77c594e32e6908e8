package dev.slipway.delivery;

import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a delivery report covers: deployments to one environment that finished from {@code from} (inclusive) to
 * {@code to} (exclusive), UTC days; {@code team} and {@code service} narrow it and may be null, and a null
 * {@code environment} means the production environment.
 */
public record DeliveryQuery(String team, String service, String environment, LocalDate from, LocalDate to) {

    /** The range when none is asked for: the last 13 weeks, today included. */
    static final int DEFAULT_DAYS = 91;
    static final int MAX_DAYS = 731;
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    /**
     * The query the parameters ask for, as typed by a person or a script: blanks mean "any" (or the defaults), and
     * every value that cannot be read is reported under its parameter's name.
     */
    public static DeliveryQuery parse(String team, String service, String environment, String from, String to,
            LocalDate today) {
        var errors = new ArrayList<FieldError>();
        LocalDate toDate = blank(to) ? today.plusDays(1) : date("to", to, errors);
        LocalDate fromDate = blank(from) ? (toDate == null ? today : toDate).minusDays(DEFAULT_DAYS)
                : date("from", from, errors);
        if (fromDate != null && toDate != null) {
            if (!fromDate.isBefore(toDate)) {
                errors.add(new FieldError("to", "must be after from (" + fromDate + "); to is exclusive"));
            } else if (ChronoUnit.DAYS.between(fromDate, toDate) > MAX_DAYS) {
                errors.add(new FieldError("from", "the range may span at most " + MAX_DAYS + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new DeliveryQuery(strip(team), strip(service), strip(environment), fromDate, toDate);
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
                errors.add(new FieldError(field, "must be between " + EARLIEST + " and " + LATEST));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date, e.g. 2026-06-01"));
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return blank(value) ? null : value.strip();
    }
}
