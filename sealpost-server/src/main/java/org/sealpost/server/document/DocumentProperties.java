package org.sealpost.server.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Sending settings ({@code sealpost.documents.*}).
 *
 * @param maxUploadSize the largest body or attachment accepted (413 above it); keep
 *     {@code spring.servlet.multipart.max-file-size} at least this large
 */
@ConfigurationProperties("sealpost.documents")
public record DocumentProperties(DataSize maxUploadSize) {

    public DocumentProperties {
        maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(200) : maxUploadSize;
    }
}
