/**
 * People, roles, team memberships, API tokens, sign-in and the one access policy every module asks.
 */
@ApplicationModule(allowedDependencies = {"shared"})
package dev.slipway.identity;

import org.springframework.modulith.ApplicationModule;
