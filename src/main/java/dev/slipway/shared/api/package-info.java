@NullMarked
package dev.slipway.shared.api;

import org.jspecify.annotations.NullMarked;
