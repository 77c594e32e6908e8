/**
 * Seeds the demo organisation into an empty embedded database.
 */
@ApplicationModule(allowedDependencies = {"access", "catalog", "cost", "deploy", "identity"})
package dev.slipway.demo;

import org.springframework.modulith.ApplicationModule;
