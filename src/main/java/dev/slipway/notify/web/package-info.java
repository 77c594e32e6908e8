@NullMarked
package dev.slipway.notify.web;

import org.jspecify.annotations.NullMarked;
