package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R04: the server is a separate JVM ({@link CrashSendMain}) on an H2 file database; a send to 300
 * units is killed with -9 at a random moment after it started; after a restart (the blob sweeper
 * runs) the document is either SENT with exactly 300 deliveries and one envelope, or still a draft
 * with none, and every blob file has its row and every row its file.
 */
class CrashSendIT {

    static final Pattern CHECK =
            Pattern.compile("CHECK state=(\\w+) deliveries=(\\d+) envelopes=(\\d+) blobRows=(\\d+) blobFiles=(\\d+)");

    @Test
    void killDashNineDuringASendLeavesAllOrNothingAndNoOrphanedBlob(@TempDir Path dir) throws Exception {
        assumeFalse("postgres".equals(System.getProperty("sealpost.test.database")), "runs its own H2 file database");
        String setup = runToEnd(dir, "setup", "300", "2");
        List<String> drafts = new ArrayList<>();
        for (String line : setup.split("\\R")) {
            if (line.startsWith("DRAFT ")) {
                drafts.add(line.substring(6).strip());
            }
        }
        assertThat(drafts).as(setup).hasSize(2);
        Random random = new Random();
        List<String> outcomes = new ArrayList<>();
        for (String id : drafts) {
            Path out = dir.resolve("send-" + id + ".log");
            Process send = start(dir, out, "send", id);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("SENDING")) {
                assertThat(send.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(1500));
            send.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            String check = runToEnd(dir, "check", id);
            Matcher m = CHECK.matcher(check);
            assertThat(m.find()).as(check).isTrue();
            String state = m.group(1);
            int deliveries = Integer.parseInt(m.group(2));
            int envelopes = Integer.parseInt(m.group(3));
            if (state.equals("SENT")) {
                assertThat(deliveries).isEqualTo(300);
                assertThat(envelopes).isEqualTo(1);
            } else {
                assertThat(state).isEqualTo("DRAFT");
                assertThat(deliveries).isZero();
                assertThat(envelopes).isZero();
            }
            assertThat(Long.parseLong(m.group(5)))
                    .as("blob files = blob rows after the sweep: " + check)
                    .isEqualTo(Long.parseLong(m.group(4)));
            outcomes.add(state);
        }
        System.out.println("crash outcomes: " + outcomes);
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
