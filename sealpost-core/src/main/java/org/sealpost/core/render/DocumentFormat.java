package org.sealpost.core.render;

/** The document formats SealPost renders, told apart by their first bytes (never by file name). */
public enum DocumentFormat {
    /** {@code %PDF-}. */
    PDF,
    /** A zip package ({@code PK\3\4}) holding {@code OFD.xml}. */
    OFD;

    /**
     * @throws RenderException {@link RenderException.Problem#UNSUPPORTED_FORMAT}
     */
    public static DocumentFormat of(byte[] document) {
        if (document == null || document.length < 8) {
            throw new RenderException(RenderException.Problem.UNSUPPORTED_FORMAT, "The document is empty or too short");
        }
        // a PDF may carry up to 1 KiB of junk before its header; readers accept it, so do we
        int limit = Math.min(document.length - 5, 1024);
        for (int i = 0; i <= limit; i++) {
            if (document[i] == '%'
                    && document[i + 1] == 'P'
                    && document[i + 2] == 'D'
                    && document[i + 3] == 'F'
                    && document[i + 4] == '-') {
                return PDF;
            }
        }
        if (document[0] == 'P' && document[1] == 'K' && document[2] == 3 && document[3] == 4) {
            return OFD;
        }
        throw new RenderException(
                RenderException.Problem.UNSUPPORTED_FORMAT, "The document is neither a PDF nor an OFD");
    }
}
