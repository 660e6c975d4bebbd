package org.sealpost.core.seal;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds an installed font that can draw Chinese. Without one, Java draws seal text as empty boxes,
 * so the lookup fails loudly and names the Debian package to install.
 */
public final class CjkFonts {

    /** Families tried first, in order: a Song-style serif reads most like a physical seal. */
    static final List<String> PREFERRED = List.of(
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "Noto Sans CJK SC",
            "Source Han Sans SC",
            "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei",
            "AR PL UMing CN",
            "SimSun",
            "SimHei");

    /** Java's logical fonts map to whatever is installed, so they prove nothing. */
    private static final Set<String> LOGICAL = Set.of("Dialog", "DialogInput", "Serif", "SansSerif", "Monospaced");

    /** Where fonts come from; tests replace the system's fonts with a fixed list. */
    @FunctionalInterface
    public interface FontSource {
        /** Fonts by family, size 1, plain style. */
        List<Font> fonts();
    }

    private final FontSource source;

    public CjkFonts(FontSource source) {
        this.source = Objects.requireNonNull(source);
    }

    /** The fonts installed on this machine. */
    public static CjkFonts system() {
        return new CjkFonts(() -> {
            String[] families =
                    GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            List<Font> fonts = new ArrayList<>(families.length);
            for (String family : families) {
                fonts.add(new Font(family, Font.PLAIN, 1));
            }
            return fonts;
        });
    }

    /**
     * A font that can draw every character of {@code text}, preferring {@link #PREFERRED} families.
     *
     * @throws SealException {@link SealProblem#NO_CJK_FONT} naming the package to install
     */
    public Font find(String text) {
        List<Font> candidates = new ArrayList<>();
        for (Font font : source.fonts()) {
            if (!LOGICAL.contains(font.getFamily()) && font.canDisplayUpTo(text) == -1) {
                candidates.add(font);
            }
        }
        for (String family : PREFERRED) {
            for (Font font : candidates) {
                if (font.getFamily().equalsIgnoreCase(family)) {
                    return font;
                }
            }
        }
        if (!candidates.isEmpty()) {
            return candidates.get(0);
        }
        throw new SealException(
                SealProblem.NO_CJK_FONT,
                "No installed font can draw the seal text \"" + text + "\". Install a CJK font, e.g. the"
                        + " Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk), and restart.");
    }
}
