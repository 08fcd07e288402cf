package io.runnel.streams;

/** When a window aggregation writes a result. */
public enum EmitMode {
    /** Once, when the watermark passes the window end (updated again only by allowed-late records). */
    ON_CLOSE,
    /** After every record that changes the window. */
    ON_UPDATE
}
