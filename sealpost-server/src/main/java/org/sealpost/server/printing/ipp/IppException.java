package org.sealpost.server.printing.ipp;

/** An IPP exchange that failed: malformed message, transport error or an error status. */
public class IppException extends RuntimeException {

    public IppException(String message) {
        super(message);
    }

    public IppException(String message, Throwable cause) {
        super(message, cause);
    }
}
