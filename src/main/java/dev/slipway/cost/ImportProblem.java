package dev.slipway.cost;

import org.jspecify.annotations.Nullable;

/** Something in a cost file that makes the import fail, with the line a text editor shows for it. */
public record ImportProblem(long line, @Nullable String reason) {
}
