package org.sealpost.cli;

/** A refusal the CLI reports as one line, such as a missing PIN or an unusable certificate file. */
class CliException extends Exception {

    CliException(String message) {
        super(message);
    }

    /**
     * The server refused a request ({@link ServerClient}): the HTTP status and the problem's stable
     * {@code code} (null when the answer had none), for commands that react to one case, e.g. 404.
     */
    static final class ServerRefused extends CliException {

        private final int status;
        private final String code;

        ServerRefused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }
}
