/**
 * Production access: grants, just-in-time requests and approvals; deploy asks it before touching production.
 */
@ApplicationModule(allowedDependencies = {"catalog", "identity", "shared"})
@NullMarked
package dev.slipway.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
