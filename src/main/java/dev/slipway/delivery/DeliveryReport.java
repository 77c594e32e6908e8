package dev.slipway.delivery;

import java.time.LocalDate;
import java.util.List;

/**
 * A delivery report: the figures of everything the query covers, of each team and each service in it, of each week
 * (Monday to Sunday, UTC, cut to the range), and the reference points to set them against.
 */
public record DeliveryReport(String team, String service, String environment, LocalDate from, LocalDate to,
        double reworkWindowHours, DeliveryFigures overall, List<Group> teams, List<Group> services, List<Week> weeks,
        List<ReferencePoint> references) {

    /** The figures of one team or one service ({@code team} is the service's team). */
    public record Group(String name, String team, DeliveryFigures figures) {
    }

    /** The figures of one week, starting on {@code start} (the range's first day for a cut first week). */
    public record Week(LocalDate start, DeliveryFigures figures) {
    }

    public boolean empty() {
        return overall.deployments() == 0;
    }
}
