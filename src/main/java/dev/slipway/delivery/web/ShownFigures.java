package dev.slipway.delivery.web;

import dev.slipway.delivery.DeliveryFigures;

/** One set of figures as the Delivery page writes them; the bands are read from {@code raw}. */
record ShownFigures(DeliveryFigures raw, String frequency, String leadTime, String leadTimeP90,
        String changeFailRate, String recovery, String reworkRate, String deploymentTime) {

    static ShownFigures of(DeliveryFigures figures) {
        return new ShownFigures(figures, FigureText.perDay(figures.deploymentsPerDay()),
                FigureText.duration(figures.leadTimeMedianSeconds()),
                FigureText.duration(figures.leadTimeP90Seconds()), FigureText.percent(figures.changeFailRate()),
                FigureText.duration(figures.recoveryMedianSeconds()), FigureText.percent(figures.reworkRate()),
                FigureText.duration(figures.deploymentTimeMedianSeconds()));
    }
}
