/**
 * Teams, services and environments: what Slipway deploys, where, and who owns it.
 */
@ApplicationModule(allowedDependencies = {"identity", "shared"})
package dev.slipway.catalog;

import org.springframework.modulith.ApplicationModule;
