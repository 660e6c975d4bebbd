package org.sealpost.cli;

import java.io.Console;
import java.util.Arrays;

/** PINs come from {@code --pin} or are asked for on the console, never echoed. */
final class Pins {

    private Pins() {}

    /** The PIN to use: the option's value, or one read from the console. The caller's token wipes it. */
    static char[] obtain(char[] option, String prompt) throws CliException {
        if (option != null) {
            return option.clone();
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException("no PIN given (--pin) and no console to ask for one");
        }
        char[] pin = console.readPassword("%s: ", prompt);
        if (pin == null || pin.length == 0) {
            throw new CliException("no PIN entered");
        }
        return pin;
    }

    /** A request to the server that carries the unit key PIN. */
    interface UnitKeyRequest<T> {
        T send(String pin) throws Exception;
    }

    /** Sends {@code request} with the unit key PIN ({@code --pin} or asked for), wiped when it returns. */
    static <T> T withUnitKeyPin(char[] option, UnitKeyRequest<T> request) throws Exception {
        char[] pin = obtain(option, "unit key PIN");
        try {
            return request.send(new String(pin));
        } finally {
            Arrays.fill(pin, '\0');
        }
    }
}
