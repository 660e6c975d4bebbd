package org.sealpost.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditTables;
import org.sealpost.core.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Operator tools that read the server's database directly. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Operator tools working on the server's database.",
        subcommands = {AdminCommand.VerifyAudit.class, AdminCommand.VerifyAuditArchive.class})
final class AdminCommand {

    /** Exit code of a check that ran and found the audit chain broken. */
    static final int BROKEN = 3;

    @Command(
            name = "verify-audit",
            mixinStandardHelpOptions = true,
            description = {
                "Check the audit log's SM3 hash chain and its signed checkpoints straight from the database,"
                        + " and name the first broken entry (SECURITY.md L03).",
                "Exit codes: 0 intact, " + BROKEN + " broken (the first broken entry is named),"
                        + " 1 the check could not run, 2 usage."
            })
    static final class VerifyAudit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--jdbc",
                required = true,
                description = "JDBC URL, e.g. jdbc:h2:file:./data/sealpost (the demo; H2 settings are added)"
                        + " or jdbc:postgresql://db/sealpost")
        String url;

        @Option(names = "--db-user", defaultValue = "sa", description = "database user (default ${DEFAULT-VALUE})")
        String user;

        @Option(
                names = "--db-password",
                arity = "0..1",
                interactive = true,
                description = "database password (default: $SEALPOST_DB_PASSWORD, else empty; give the option"
                        + " without a value to be asked)")
        char[] password;

        @Option(
                names = "--trust",
                description = "PEM file of the system CA certificate that signs checkpoints (default: the CA"
                        + " certificate stored in the same database)")
        Path trust;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            AuditChain.Result result;
            String anchor;
            try (Connection c = DriverManager.getConnection(jdbcUrl(url), user, password())) {
                // one consistent snapshot: entries appended by a running server are not half-seen
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                PublicKey key;
                if (trust != null) {
                    key = KeyFiles.certificates(List.of(trust)).get(0).getPublicKey();
                    anchor = "checkpoints verified with " + trust;
                } else {
                    key = storedCaKey(c);
                    anchor = key == null
                            ? "no system CA in the database: checkpoints cannot be verified"
                            : "checkpoints verified with the CA certificate stored in the same database"
                                    + " (pass --trust CA.pem for an independent anchor)";
                }
                result = AuditTables.verify(c, key);
                c.rollback();
            } catch (SQLException e) {
                throw new CliException("cannot read the audit log at " + url + ": " + e.getMessage());
            } catch (AuditTables.AuditReadException e) {
                throw new CliException(e.getMessage() + " (is this a SealPost database?)");
            }
            if (json) {
                spec.commandLine().getOut().println(Json.write(Report.of(result)));
            } else {
                spec.commandLine().getOut().println(result);
                spec.commandLine().getOut().println(anchor);
            }
            if (!result.ok()) {
                spec.commandLine()
                        .getErr()
                        .println("sealpost: audit log broken at seq "
                                + result.firstBroken().seq() + " ("
                                + result.firstBroken().kind() + ")");
            }
            return result.ok() ? 0 : BROKEN;
        }

        private String password() {
            if (password != null) {
                return new String(password);
            }
            String env = System.getenv("SEALPOST_DB_PASSWORD");
            return env == null ? "" : env;
        }

        private static PublicKey storedCaKey(Connection c) throws SQLException, CliException {
            try (PreparedStatement s = c.prepareStatement("SELECT certificate FROM pki_ca WHERE id = 1");
                    ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return Pem.certificate(rs.getBytes(1)).getPublicKey();
            } catch (java.io.IOException e) {
                throw new CliException("the CA certificate in the database is unreadable: " + e.getMessage());
            }
        }
    }

    @Command(
            name = "verify-audit-archive",
            mixinStandardHelpOptions = true,
            description = {
                "Check an archive of purged audit entries (docs/audit-archive.md): the file signature, then"
                        + " every entry's hash and link up to the signed checkpoint (SECURITY.md L05).",
                "Exit codes: 0 intact, " + BROKEN + " broken (the problem is named), 1 cannot read, 2 usage."
            })
    static final class VerifyAuditArchive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(
                paramLabel = "ARCHIVE",
                description = "audit-<from>-<to>.jsonl.gz (its .sig beside it)")
        Path archive;

        @Option(
                names = "--trust",
                required = true,
                description = "PEM file of the system CA certificate that signed the archive")
        Path trust;

        @Override
        public Integer call() throws Exception {
            Path sig = archive.resolveSibling(archive.getFileName() + ".sig");
            if (!java.nio.file.Files.isRegularFile(archive) || !java.nio.file.Files.isRegularFile(sig)) {
                throw new CliException("need both " + archive + " and " + sig);
            }
            PublicKey key = KeyFiles.certificates(List.of(trust)).get(0).getPublicKey();
            org.sealpost.core.audit.AuditArchive.Verification v;
            try {
                v = org.sealpost.core.audit.AuditArchive.verify(archive, sig, key);
            } catch (java.io.IOException e) {
                throw new CliException("cannot read " + archive + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println(v);
            return v.ok() ? 0 : BROKEN;
        }
    }

    /**
     * The demo's H2 database needs the server's settings (PostgreSQL mode, lower-case names), must
     * not be created when the path is wrong, and may be open in the running server (AUTO_SERVER).
     */
    static String jdbcUrl(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return url;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        for (String setting : List.of(
                "MODE=PostgreSQL",
                "DATABASE_TO_LOWER=TRUE",
                "DEFAULT_NULL_ORDERING=HIGH",
                "AUTO_SERVER=TRUE",
                "IFEXISTS=TRUE")) {
            String name = setting.substring(0, setting.indexOf('=')).toLowerCase(Locale.ROOT);
            if (!lower.contains(";" + name + "=")) {
                out.append(';').append(setting);
            }
        }
        return out.toString();
    }

    /** The same shape as the server's {@code GET /api/v1/audit/verify}. */
    record Report(
            boolean ok, long checked, long checkpoints, long lastCheckpointSeq, long lastSeq, Broken firstBroken) {
        static Report of(AuditChain.Result r) {
            AuditChain.Break b = r.firstBroken();
            return new Report(
                    r.ok(),
                    r.checked(),
                    r.checkpoints(),
                    r.lastCheckpointSeq(),
                    r.lastSeq(),
                    b == null
                            ? null
                            : new Broken(
                                    b.seq(),
                                    b.kind().name(),
                                    b.time() == null ? null : b.time().toString(),
                                    b.detail()));
        }
    }

    record Broken(long seq, String kind, String time, String detail) {}
}
