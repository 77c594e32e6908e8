/**
 * Seeds the demo organisation into an empty embedded database.
 */
@ApplicationModule(allowedDependencies = {"access", "catalog", "cost", "deploy", "identity"})
@NullMarked
package dev.slipway.demo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
