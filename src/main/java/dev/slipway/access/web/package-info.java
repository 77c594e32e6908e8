@NullMarked
package dev.slipway.access.web;

import org.jspecify.annotations.NullMarked;
