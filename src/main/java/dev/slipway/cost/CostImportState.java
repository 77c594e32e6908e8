package dev.slipway.cost;

public enum CostImportState { RUNNING, COMMITTED, FAILED }
