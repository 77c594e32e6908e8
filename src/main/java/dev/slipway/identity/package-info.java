/**
 * People, roles, team memberships, API tokens, sign-in and the one access policy every module asks.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package dev.slipway.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
