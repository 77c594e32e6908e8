/**
 * The portal's layout, home page and error pages.
 */
@ApplicationModule(allowedDependencies = {"catalog", "cost", "identity"})
@NullMarked
package dev.slipway.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
