@NullMarked
package dev.slipway.access.api;

import org.jspecify.annotations.NullMarked;
