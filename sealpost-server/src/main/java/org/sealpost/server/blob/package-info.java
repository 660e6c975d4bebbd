/**
 * Blobs (issue 5): bodies, attachments and envelopes, stored encrypted at rest in a local directory
 * or in the {@code blob} table, with an SM3 of the plaintext checked on every read (K06). The
 * API is {@link org.sealpost.server.blob.BlobStore} and its records; the row of a blob is written
 * in the caller's transaction, so a blob exists exactly when the document that refers to it does.
 */
package org.sealpost.server.blob;
