/**
 * Production access: grants, just-in-time requests and approvals; deploy asks it before touching production.
 */
@ApplicationModule(allowedDependencies = {"catalog", "identity", "shared"})
package dev.slipway.access;

import org.springframework.modulith.ApplicationModule;
