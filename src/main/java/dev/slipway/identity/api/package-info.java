@NullMarked
package dev.slipway.identity.api;

import org.jspecify.annotations.NullMarked;
