package dev.slipway.delivery.web;

import dev.slipway.delivery.DeliveryFigures;
import dev.slipway.delivery.DoraBand;

/** One set of figures as the Delivery page writes them, with their bands. */
record ShownFigures(DeliveryFigures raw, String frequency, String leadTime, String leadTimeP90,
        String changeFailRate, String recovery, String reworkRate, String deploymentTime) {

    static ShownFigures of(DeliveryFigures figures) {
        return new ShownFigures(figures, FigureText.perDay(figures.deploymentsPerDay()),
                FigureText.duration(figures.leadTimeMedianSeconds()),
                FigureText.duration(figures.leadTimeP90Seconds()), FigureText.percent(figures.changeFailRate()),
                FigureText.duration(figures.recoveryMedianSeconds()), FigureText.percent(figures.reworkRate()),
                FigureText.duration(figures.deploymentTimeMedianSeconds()));
    }

    public DoraBand frequencyBand() {
        return raw.deploymentFrequencyBand();
    }

    public DoraBand leadTimeBand() {
        return raw.leadTimeBand();
    }

    public DoraBand changeFailRateBand() {
        return raw.changeFailRateBand();
    }

    public DoraBand recoveryBand() {
        return raw.recoveryBand();
    }
}
