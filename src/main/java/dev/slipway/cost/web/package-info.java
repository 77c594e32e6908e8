@NullMarked
package dev.slipway.cost.web;

import org.jspecify.annotations.NullMarked;
