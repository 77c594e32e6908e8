package dev.slipway.cost;

/** The kinds of cost file Slipway can import. */
public enum CostFileFormat {
    FOCUS, AWS_CUR;
}
