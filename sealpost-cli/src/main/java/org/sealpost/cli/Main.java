package org.sealpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sealpost} command. Subcommands register themselves below. */
@Command(
        name = "sealpost",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "SealPost: secure official-document exchange (电子公文传输) command line.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sealpost " + (v == null ? "dev" : v)};
        }
    }
}
