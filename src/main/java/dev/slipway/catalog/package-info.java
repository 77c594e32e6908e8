/**
 * Teams, services and environments: what Slipway deploys, where, and who owns it.
 */
@ApplicationModule(allowedDependencies = {"identity", "shared"})
@NullMarked
package dev.slipway.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
