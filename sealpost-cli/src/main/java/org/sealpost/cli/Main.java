package org.sealpost.cli;

import java.io.PrintWriter;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.seal.SealException;
import org.sealpost.core.seal.TokenSealKey;
import org.sealpost.core.statement.StatementException;
import org.sealpost.core.token.TokenException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code sealpost} command. Exit codes: 0 success, 1 refused or failed (one line
 * on stderr saying why, never a stack trace), 2 usage error.
 */
@Command(
        name = "sealpost",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "SealPost: secure official-document exchange (电子公文传输) command line.",
        subcommands = {
            CommandLine.HelpCommand.class,
            KeygenCommand.class,
            CaCommand.class,
            EnvelopeCommand.class,
            VerifyCommand.class,
            StampCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            UnitsCommand.class,
            AdminCommand.class,
            AuditCommand.class,
            DocumentCommands.Send.class,
            DocumentCommands.Status.class,
            DocumentCommands.Approve.class,
            DocumentCommands.Reject.class,
            DocumentCommands.Recall.class,
            DocumentCommands.Void.class,
            DocumentCommands.Types.class,
            PrintCommand.class,
            PrintResultCommand.class,
            DeliveryCommands.Inbox.class,
            DeliveryCommands.Show.class,
            DeliveryCommands.Sign.class,
            DeliveryCommands.Return.class,
            DeliveryCommands.Download.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output and error writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("sealpost: " + oneLine(exception));
            failed.getErr().flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String oneLine(Exception exception) {
        String message;
        if (exception instanceof EnvelopeException
                || exception instanceof StatementException
                || exception instanceof CliException) {
            message = exception.getMessage();
        } else if (exception instanceof SealException seal) {
            message = seal.problem() + ": " + seal.getMessage();
        } else if (exception instanceof TokenSealKey.SigningFailed failed) {
            message = failed.getMessage();
        } else if (exception instanceof TokenException token) {
            message = token.reason() + ": " + token.getMessage();
        } else if (exception instanceof java.nio.file.NoSuchFileException missing) {
            message = "no such file: " + missing.getFile();
        } else if (exception instanceof java.nio.file.FileAlreadyExistsException exists) {
            message = "file exists, not overwritten: " + exists.getFile();
        } else {
            message = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        }
        return message == null ? exception.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sealpost " + (v == null ? "dev" : v)};
        }
    }
}
