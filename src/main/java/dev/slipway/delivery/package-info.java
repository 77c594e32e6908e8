/**
 * Delivery metrics: DORA's five figures per team and per service, computed from deploy's finished deployments, for
 * the Delivery page and {@code /api/v1/metrics/delivery}.
 */
@ApplicationModule(allowedDependencies = {"catalog", "deploy", "identity", "shared"})
package dev.slipway.delivery;

import org.springframework.modulith.ApplicationModule;
