@NullMarked
package dev.slipway.catalog.web;

import org.jspecify.annotations.NullMarked;
