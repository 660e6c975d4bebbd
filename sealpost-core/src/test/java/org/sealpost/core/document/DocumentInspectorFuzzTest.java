package org.sealpost.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile uploads to the inspector (SECURITY.md V01, F02, F03): whatever the bytes, {@link
 * DocumentInspector#inspect(byte[])} returns a document or throws {@link DocumentRejected} with a
 * reason and a message — no other exception, and the guard runs on whatever it returns. Small
 * limits keep each input cheap. In a normal build the committed corpus under {@code
 * DocumentInspectorFuzzTestInputs/} (a PDF, an OFD, a zip-slip OFD, an XXE OFD, garbage) is
 * replayed; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class DocumentInspectorFuzzTest {

    private static final DocumentInspector INSPECTOR =
            new DocumentInspector(new Limits(1 << 20, 200, 4 << 20, 100, 50, 200_000));

    @FuzzTest(maxDuration = "60s")
    void inspectorOnlyThrowsDocumentRejected(byte[] input) {
        try {
            InspectedDocument document = INSPECTOR.inspect(input);
            assertThat(ClassificationGuard.scan(document)).isNotNull();
        } catch (DocumentRejected expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
