/**
 * The portal's layout, home page and error pages.
 */
@ApplicationModule(allowedDependencies = {"catalog", "cost", "identity"})
package dev.slipway.web;

import org.springframework.modulith.ApplicationModule;
