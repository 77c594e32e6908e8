package dev.slipway.cost;

/** Something in a cost file that makes the import fail, with the line a text editor shows for it. */
public record ImportProblem(long line, String reason) {
}
