package org.sealpost.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Damaged page content never escapes as anything but a {@link RenderException}: a page either
 * renders or is refused with a clear message (V01).
 */
class OfdRendererRobustnessTest {

    private static final String CONTENT = "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content>"
            + "<ofd:Layer ID=\"10\">"
            + "<ofd:TextObject ID=\"11\" Boundary=\"0 0 210 297\" Font=\"3\" Size=\"8\" CTM=\"1 0 0 1 0 0\">"
            + "<ofd:TextCode X=\"20\" Y=\"30\" DeltaX=\"g 4 10\">公文传输字</ofd:TextCode></ofd:TextObject>"
            + "<ofd:PathObject ID=\"12\" Boundary=\"0 0 210 297\" Fill=\"true\" LineWidth=\"0.5\">"
            + "<ofd:FillColor ColorSpace=\"2\" Value=\"255 0 0 0\"/><ofd:StrokeColor Value=\"#FF 0 0\"/>"
            + "<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary=\"0 0 200 200\">"
            + "<ofd:AbbreviatedData>M 0 0 L 200 0 L 200 200 L 0 200 C</ofd:AbbreviatedData></ofd:Path></ofd:Area>"
            + "</ofd:Clip></ofd:Clips>"
            + "<ofd:AbbreviatedData>M 60 100 A 20 20 0 1 0 100 100 Q 80 80 60 100 B 1 2 3 4 5 6 C</ofd:AbbreviatedData>"
            + "</ofd:PathObject>"
            + "<ofd:ImageObject ID=\"15\" ResourceID=\"4\" Boundary=\"20 150 40 30\" CTM=\"40 0 0 30 0 0\"/>"
            + "</ofd:Layer></ofd:Content></ofd:Page>";

    private final PageRenderer renderer = PageRenderer.system();

    @Property(tries = 60)
    void damagedContentRendersOrIsRefusedClearly(@ForAll("damage") Tuple.Tuple3<Integer, Integer, String> damage)
            throws IOException {
        int at = damage.get1() % CONTENT.length();
        int length = Math.min(damage.get2(), CONTENT.length() - at);
        String damaged = CONTENT.substring(0, at) + damage.get3() + CONTENT.substring(at + length);
        byte[] ofd = OfdPageFeaturesTest.ofd(damaged, picture());
        try (RenderableDocument doc = renderer.open(ofd)) {
            BufferedImage page = doc.render(1, 40, SealStyle.AS_STAMPED);
            assertThat(page.getWidth()).isPositive();
        } catch (RenderException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.problem())
                    .isIn(RenderException.Problem.DOCUMENT_MALFORMED, RenderException.Problem.NO_SUCH_PAGE);
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Integer, Integer, String>> damage() {
        Arbitrary<String> replacement = Arbitraries.oneOf(
                Arbitraries.of("", "-1", "NaN", "1e308", "g", "g 99999999 1", "A", "#ZZ", "\"", "<", "0 0 0 0", "M"),
                Arbitraries.strings().ofMaxLength(6));
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, CONTENT.length() - 1),
                        Arbitraries.integers().between(0, 12),
                        replacement)
                .as(Tuple::of);
    }

    private static byte[] picture() throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "bmp", out);
        return out.toByteArray();
    }
}
