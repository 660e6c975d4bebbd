package org.sealpost.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md item 3 and SECURITY.md K03/V05: what sealpost-core must never contain. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sealpost.core");

    /** A string literal naming a weak algorithm or mode. */
    private static final Pattern WEAK_ALGORITHM = Pattern.compile(
            "\"[^\"\\n]*\\b(MD5|MD4|SHA-?1|DES|DESede|3DES|TripleDES|RC2|RC4|ECB)\\b[^\"\\n]*\"",
            Pattern.CASE_INSENSITIVE);

    @Test
    void coreNeverDependsOnSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(CORE);
    }

    @Test
    void coreNeverDeserialisesJavaObjects() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(java.io.ObjectInputStream.class)
                .check(CORE);
    }

    @Test
    void coreNamesNoWeakAlgorithm() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = WEAK_ALGORITHM.matcher(lines.get(i));
                    if (m.find()) {
                        offences.add(source + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void theWeakAlgorithmScanWorks() {
        assertThat(WEAK_ALGORITHM
                        .matcher("Cipher.getInstance(\"SM4/ECB/NoPadding\")")
                        .find())
                .isTrue();
        assertThat(WEAK_ALGORITHM
                        .matcher("MessageDigest.getInstance(\"SHA-1\")")
                        .find())
                .isTrue();
        assertThat(WEAK_ALGORITHM.matcher("\"DES\"").find()).isTrue();
        assertThat(WEAK_ALGORITHM.matcher("\"DESTRUCTION_CONFIRMATION\"").find())
                .isFalse();
        assertThat(WEAK_ALGORITHM.matcher("\"SM3withSM2\"").find()).isFalse();
    }
}
