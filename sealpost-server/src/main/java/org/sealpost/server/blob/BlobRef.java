package org.sealpost.server.blob;

/** A stored blob: its id (a UUID), the plaintext size and the hex SM3 of the plaintext. */
public record BlobRef(String id, long size, String sm3) {}
