package org.sealpost.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md item 3: cryptography, PDF and OFD handling live in sealpost-core only; the server uses
 * its APIs and JDK types. No Java deserialisation of our own (SECURITY.md V05).
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sealpost.server");

    @Test
    void serverLeavesCryptoPdfOfdAndOfficeLibrariesToTheCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.bouncycastle..", "org.apache.pdfbox..", "org.ofdrw..", "org.jodconverter..")
                .check(SERVER);
    }

    @Test
    void serverNeverDeserialisesJavaObjects() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(java.io.ObjectInputStream.class)
                .check(SERVER);
    }
}
