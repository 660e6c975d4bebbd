package org.sealpost.server.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Sending settings ({@code sealpost.documents.*}).
 *
 * @param maxUploadSize the largest body or attachment accepted (413 above it); keep
 *     {@code spring.servlet.multipart.max-file-size} at least this large
 * @param officeHome LibreOffice's installation directory for converting DOCX/WPS/ODT/DOC bodies to
 *     PDF; unset: where it is usually installed (e.g. /usr/lib/libreoffice); empty: none, so such
 *     uploads are refused with {@code document.rejected.converter-unavailable}
 */
@ConfigurationProperties("sealpost.documents")
public record DocumentProperties(DataSize maxUploadSize, String officeHome) {

    public DocumentProperties {
        maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(200) : maxUploadSize;
    }
}
