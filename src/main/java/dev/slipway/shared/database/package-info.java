@NullMarked
package dev.slipway.shared.database;

import org.jspecify.annotations.NullMarked;
