/**
 * Upload intake for document bodies: content sniffing, PDF and OFD inspection (text per page and
 * metadata) with zip-bomb, zip-slip and XXE protection, the classification guard that refuses
 * 绝密/机密/秘密/商密 markings, and office (DOCX/WPS/ODT/DOC) conversion to PDF through LibreOffice.
 * See docs/document-intake.md.
 */
package org.sealpost.core.document;
