package dev.slipway.cost;

import java.nio.file.Path;

/** A file of an upload, already on disk, so it can be read twice: to check it, then to load it. */
public record UploadedCostFile(String name, Path path, long size) {
}
