package org.sealpost.cli;

import java.io.Console;

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
}
