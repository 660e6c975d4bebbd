package org.sealpost.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.render.PixelChecks.count;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A hand-written OFD exercising the page model beyond what ofdrw-layout writes. */
class OfdPageFeaturesTest {

    private static final float DPI = 100;
    private static final String NS = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";

    private final PageRenderer renderer = PageRenderer.system();

    @Test
    void drawsArcsCmykColoursTransformedPathsBmpImagesAndRepeatedDeltas() throws IOException {
        String content = "<ofd:Page " + NS + "><ofd:Content><ofd:Layer ID=\"10\">"
                // text with the DeltaX shorthand "g 4 10": five characters 10 mm apart
                + "<ofd:TextObject ID=\"11\" Boundary=\"0 0 210 297\" Font=\"3\" Size=\"8\">"
                + "<ofd:TextCode X=\"20\" Y=\"30\" DeltaX=\"g 4 10\">公文传输字</ofd:TextCode></ofd:TextObject>"
                // a circle of two arcs, filled cyan in a CMYK colour space, not stroked
                + "<ofd:PathObject ID=\"12\" Boundary=\"0 0 210 297\" Fill=\"true\" Stroke=\"false\">"
                + "<ofd:FillColor ColorSpace=\"2\" Value=\"255 0 0 0\"/>"
                + "<ofd:AbbreviatedData>M 60 100 A 20 20 0 1 0 100 100 A 20 20 0 1 0 60 100 C</ofd:AbbreviatedData>"
                + "</ofd:PathObject>"
                // a 10 mm square scaled by the CTM to 30 x 20 mm, magenta in hexadecimal RGB
                + "<ofd:PathObject ID=\"13\" Boundary=\"120 80 60 60\" CTM=\"3 0 0 2 0 0\" Fill=\"true\" Stroke=\"false\">"
                + "<ofd:FillColor Value=\"#C8 #00 #C8\"/>"
                + "<ofd:AbbreviatedData>S 0 0 L 10 0 L 10 10 L 0 10 C</ofd:AbbreviatedData></ofd:PathObject>"
                // a 2 mm black stroke along a quadratic curve
                + "<ofd:PathObject ID=\"14\" Boundary=\"0 0 210 297\" LineWidth=\"2\">"
                + "<ofd:StrokeColor Value=\"0 0 0\"/>"
                + "<ofd:AbbreviatedData>M 20 200 Q 60 180 100 200</ofd:AbbreviatedData></ofd:PathObject>"
                // a BMP picture through its resource
                + "<ofd:ImageObject ID=\"15\" ResourceID=\"4\" Boundary=\"20 150 40 30\" CTM=\"40 0 0 30 0 0\"/>"
                + "</ofd:Layer></ofd:Content></ofd:Page>";
        BufferedImage page = renderFirstPage(ofd(content, bmp(new Color(255, 255, 0))));
        PixelChecks.save(page, "ofd-features");

        IntPredicate cyan = rgb -> r(rgb) < 60 && g(rgb) > 200 && b(rgb) > 200;
        IntPredicate magenta = rgb -> r(rgb) > 180 && g(rgb) < 40 && b(rgb) > 180;
        IntPredicate yellow = rgb -> r(rgb) > 220 && g(rgb) > 220 && b(rgb) < 40;
        IntPredicate dark = rgb -> r(rgb) < 90 && g(rgb) < 90 && b(rgb) < 90;
        assertThat(count(page, DPI, 70, 90, 20, 20, cyan))
                .as("inside the circle")
                .isGreaterThan(1200);
        assertThat(count(page, DPI, 60, 80, 4, 4, cyan))
                .as("corner outside the circle")
                .isZero();
        assertThat(count(page, DPI, 121, 81, 28, 18, magenta))
                .as("CTM-scaled square")
                .isGreaterThan(3000);
        assertThat(count(page, DPI, 152, 81, 10, 10, magenta))
                .as("beyond the scaled square")
                .isZero();
        assertThat(count(page, DPI, 21, 151, 38, 28, yellow)).as("BMP image").isGreaterThan(6000);
        assertThat(count(page, DPI, 55, 185, 10, 12, dark)).as("curve").isGreaterThan(50);
        for (int i = 0; i < 5; i++) {
            assertThat(count(page, DPI, 20 + 10 * i, 23, 8, 8, dark))
                    .as("character " + i)
                    .isGreaterThan(20);
        }
    }

    @Test
    void clipsObjectsToTheirBoundaryAndTheirClipAreas() throws IOException {
        String content = "<ofd:Page " + NS + "><ofd:Content><ofd:Layer ID=\"10\">"
                // a 40 mm square path in a 20 mm boundary: only the boundary's part shows
                + "<ofd:PathObject ID=\"11\" Boundary=\"20 20 20 20\" Fill=\"true\" Stroke=\"false\">"
                + "<ofd:FillColor Value=\"255 128 0\"/>"
                + "<ofd:AbbreviatedData>M 0 0 L 40 0 L 40 40 L 0 40 C</ofd:AbbreviatedData></ofd:PathObject>"
                // a 40 mm square clipped by a circle
                + "<ofd:PathObject ID=\"12\" Boundary=\"100 20 40 40\" Fill=\"true\" Stroke=\"false\">"
                + "<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary=\"0 0 40 40\">"
                + "<ofd:AbbreviatedData>M 0 20 A 20 20 0 1 0 40 20 A 20 20 0 1 0 0 20 C</ofd:AbbreviatedData>"
                + "</ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>"
                + "<ofd:FillColor Value=\"0 128 255\"/>"
                + "<ofd:AbbreviatedData>M 0 0 L 40 0 L 40 40 L 0 40 C</ofd:AbbreviatedData></ofd:PathObject>"
                + "</ofd:Layer></ofd:Content></ofd:Page>";
        BufferedImage page = renderFirstPage(ofd(content, bmp(Color.WHITE)));
        PixelChecks.save(page, "ofd-clips");

        IntPredicate orange = rgb -> r(rgb) > 230 && g(rgb) > 100 && g(rgb) < 160 && b(rgb) < 30;
        IntPredicate azure = rgb -> r(rgb) < 30 && g(rgb) > 100 && g(rgb) < 160 && b(rgb) > 230;
        assertThat(count(page, DPI, 21, 21, 18, 18, orange))
                .as("inside the boundary")
                .isGreaterThan(4000);
        assertThat(count(page, DPI, 41, 21, 18, 38, orange))
                .as("beyond the boundary")
                .isZero();
        assertThat(count(page, DPI, 110, 30, 20, 20, azure))
                .as("inside the clip circle")
                .isGreaterThan(5000);
        assertThat(count(page, DPI, 100, 20, 4, 4, azure))
                .as("corner outside the circle")
                .isZero();
    }

    @Test
    void usesTheEmbeddedFontWhenJavaCanLoadIt() throws IOException {
        Path mono = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(mono), "needs fonts-dejavu-core");
        // ten narrow letters without DeltaX: in the embedded monospace font they run 60 mm (0.6 em
        // each); in any proportional fallback font they would end after about 30 mm
        String content = "<ofd:Page " + NS + "><ofd:Content><ofd:Layer ID=\"10\">"
                + "<ofd:TextObject ID=\"11\" Boundary=\"0 0 210 297\" Font=\"5\" Size=\"10\">"
                + "<ofd:TextCode X=\"20\" Y=\"40\">iiiiiiiiii</ofd:TextCode></ofd:TextObject>"
                + "</ofd:Layer></ofd:Content></ofd:Page>";
        Map<String, byte[]> extra = Map.of("Doc_0/Res/mono.ttf", Files.readAllBytes(mono));
        BufferedImage page = renderFirstPage(ofd(content, bmp(Color.WHITE), extra));
        PixelChecks.save(page, "ofd-embedded-font");

        IntPredicate dark = rgb -> r(rgb) < 90 && g(rgb) < 90 && b(rgb) < 90;
        assertThat(count(page, DPI, 20, 32, 6, 9, dark)).as("first letter").isGreaterThan(20);
        assertThat(count(page, DPI, 74, 32, 6, 9, dark))
                .as("tenth letter, 54 mm on")
                .isGreaterThan(20);
    }

    @Test
    void parsesAbbreviatedPathDataAndRepeatedDeltas() {
        Path2D path = OfdPainter.pathData("S 0 0 L 10 0 B 10 5 5 10 0 10 C M 20 20 A 5 5 0 0 1 30 20");
        assertThat(path.getBounds2D().getMinX()).isEqualTo(0);
        assertThat(path.getBounds2D().getMaxX()).isEqualTo(30, org.assertj.core.api.Assertions.within(0.01));
        assertThat(path.getBounds2D().getMinY()).isLessThan(16); // the arc bulges upwards to y = 15
        assertThat(OfdPainter.deltas("1.5 g 3 2 4")).containsExactly(1.5, 2, 2, 2, 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OfdPainter.pathData("M 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private BufferedImage renderFirstPage(byte[] ofd) {
        try (RenderableDocument doc = renderer.open(ofd)) {
            return doc.render(1, DPI, SealStyle.AS_STAMPED);
        }
    }

    static byte[] ofd(String content, byte[] image) throws IOException {
        return ofd(content, image, Map.of());
    }

    static byte[] ofd(String content, byte[] image, Map<String, byte[]> extra) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(
                "OFD.xml",
                xml("<ofd:OFD " + NS + " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
                        + "<ofd:DocID>6f1c2b1e0d3c4b5a8e7f6a5b4c3d2e1f</ofd:DocID></ofd:DocInfo>"
                        + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"));
        entries.put(
                "Doc_0/Document.xml",
                xml(
                        "<ofd:Document " + NS + "><ofd:CommonData><ofd:MaxUnitID>20</ofd:MaxUnitID>"
                                + "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                                + "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                                + "<ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>"));
        entries.put(
                "Doc_0/PublicRes.xml",
                xml("<ofd:Res " + NS + " BaseLoc=\"Res\">"
                        + "<ofd:ColorSpaces><ofd:ColorSpace ID=\"2\" Type=\"CMYK\" BitsPerComponent=\"8\"/></ofd:ColorSpaces>"
                        + "<ofd:Fonts><ofd:Font ID=\"3\" FontName=\"宋体\" FamilyName=\"宋体\"/>"
                        + "<ofd:Font ID=\"5\" FontName=\"NoSuchInstalledFont\"><ofd:FontFile>mono.ttf</ofd:FontFile></ofd:Font>"
                        + "</ofd:Fonts>"
                        + "<ofd:MultiMedias><ofd:MultiMedia ID=\"4\" Type=\"Image\"><ofd:MediaFile>picture.bmp</ofd:MediaFile>"
                        + "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"));
        entries.put("Doc_0/Pages/Page_0/Content.xml", xml(content));
        entries.put("Doc_0/Res/picture.bmp", image);
        entries.putAll(extra);
        return zip(entries);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bmp(Color colour) throws IOException {
        BufferedImage image = new BufferedImage(20, 15, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 20, 15);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "bmp", out);
        return out.toByteArray();
    }

    private static int r(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static int g(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    private static int b(int rgb) {
        return rgb & 0xFF;
    }
}
