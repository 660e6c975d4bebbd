/** Report files (tables to PDF) for the server's supervision reports; PDFBox stays inside the core. */
package org.sealpost.core.report;
