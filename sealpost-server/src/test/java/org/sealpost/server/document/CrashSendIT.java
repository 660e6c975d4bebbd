package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R04: the server is a separate JVM ({@link CrashSendMain}) on an H2 file database; three sends to
 * 300 units are killed with -9: one right after "SENDING" is logged, one at a random moment, one
 * after the send's transaction has committed (on "COMMITTED", before the process would exit). After
 * a restart (the blob sweeper runs) each document is either SENT with exactly 300 deliveries and one
 * envelope, or still a draft with none (the one killed after commit must be SENT), and every blob
 * file has its row and every row its file. Five JVM starts: setup, three sends (each start reports
 * on the previous kill), one final check.
 */
class CrashSendIT {

    static final Pattern CHECK = Pattern.compile(
            "CHECK id=(\\S+) state=(\\w+) deliveries=(\\d+) envelopes=(\\d+) blobRows=(\\d+) blobFiles=(\\d+)");

    enum Kill {
        AT_SENDING,
        AT_RANDOM,
        AFTER_COMMIT
    }

    @Test
    void killDashNineDuringASendLeavesAllOrNothingAndNoOrphanedBlob(@TempDir Path dir) throws Exception {
        assumeFalse("postgres".equals(System.getProperty("sealpost.test.database")), "runs its own H2 file database");
        long started = System.nanoTime();
        String setup = runToEnd(dir, "setup", "300", "3");
        List<String> drafts = new ArrayList<>();
        for (String line : setup.split("\\R")) {
            if (line.startsWith("DRAFT ")) {
                drafts.add(line.substring(6).strip());
            }
        }
        assertThat(drafts).as(setup).hasSize(3);
        Random random = new Random();
        Map<String, Kill> kills = new LinkedHashMap<>();
        List<String> reports = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < drafts.size(); i++) {
            String id = drafts.get(i);
            Kill kill = Kill.values()[i];
            kills.put(id, kill);
            Path out = dir.resolve("send-" + id + ".log");
            Process send = previous == null ? start(dir, out, "send", id) : start(dir, out, "send", id, previous);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            String marker = kill == Kill.AFTER_COMMIT ? "COMMITTED" : "SENDING";
            while (!Files.readString(out, StandardCharsets.UTF_8).contains(marker)) {
                assertThat(send.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(Instant.now()).as(Files.readString(out)).isBefore(deadline);
                Thread.sleep(5);
            }
            if (kill == Kill.AT_RANDOM) {
                // up to about the length of a send here; stop earlier if it committed meanwhile
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(3000));
                while (System.nanoTime() < until
                        && !Files.readString(out, StandardCharsets.UTF_8).contains("COMMITTED")) {
                    Thread.sleep(5);
                }
            }
            send.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reports.add(Files.readString(out, StandardCharsets.UTF_8));
            previous = id;
        }
        reports.add(runToEnd(dir, "check", previous));

        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String report : reports) {
            Matcher m = CHECK.matcher(report);
            if (!m.find()) {
                continue;
            }
            String id = m.group(1);
            String state = m.group(2);
            int deliveries = Integer.parseInt(m.group(3));
            int envelopes = Integer.parseInt(m.group(4));
            if (state.equals("SENT")) {
                assertThat(deliveries).as(report).isEqualTo(300);
                assertThat(envelopes).as(report).isEqualTo(1);
            } else {
                assertThat(state).as(report).isEqualTo("DRAFT");
                assertThat(deliveries).as(report).isZero();
                assertThat(envelopes).as(report).isZero();
            }
            assertThat(Long.parseLong(m.group(6)))
                    .as("blob files = blob rows after the sweep: " + report)
                    .isEqualTo(Long.parseLong(m.group(5)));
            outcomes.put(id, state);
        }
        assertThat(outcomes.keySet()).as(reports.toString()).containsExactlyElementsOf(drafts);
        assertThat(outcomes.get(drafts.get(2))).as("killed after commit").isEqualTo("SENT");
        List<String> summary = new ArrayList<>();
        outcomes.forEach((id, state) -> summary.add(kills.get(id) + "=" + state));
        System.out.printf(
                java.util.Locale.ROOT,
                "crash outcomes: %s; CrashSendIT took %.1f s%n",
                summary,
                (System.nanoTime() - started) / 1e9);
    }

    private static Process start(Path dir, Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashSendMain.class.getName(),
                args[0],
                dir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static String runToEnd(Path dir, String... args) throws Exception {
        Path out = dir.resolve(args[0] + "-" + System.nanoTime() + ".log");
        Process process = start(dir, out, args);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("%s finished", args[0])
                .isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
