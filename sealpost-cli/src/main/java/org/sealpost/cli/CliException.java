package org.sealpost.cli;

/** A refusal the CLI reports as one line, such as a missing PIN or an unusable certificate file. */
final class CliException extends Exception {

    CliException(String message) {
        super(message);
    }
}
