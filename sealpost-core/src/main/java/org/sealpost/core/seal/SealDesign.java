package org.sealpost.core.seal;

/**
 * What a round seal shows: the unit's name along the upper arc, optional horizontal text under the
 * star (公章, 业务专用章 …), and an optional small code along the lower arc.
 *
 * @param unitName the unit's full name, 2 to 24 characters
 * @param centreText horizontal text below the star, or empty
 * @param code text along the lower arc (e.g. the seal's serial number), or empty
 * @param diameterMm outer diameter in millimetres (38 to 45 for an official round seal)
 */
public record SealDesign(String unitName, String centreText, String code, double diameterMm) {

    public static final double STANDARD_DIAMETER_MM = 42.0;

    public SealDesign {
        unitName = unitName == null ? "" : unitName.strip();
        centreText = centreText == null ? "" : centreText.strip();
        code = code == null ? "" : code.strip();
        if (unitName.codePointCount(0, unitName.length()) < 2 || unitName.codePointCount(0, unitName.length()) > 24) {
            throw new SealException(SealProblem.INVALID_SEAL_DESIGN, "A seal's unit name must have 2 to 24 characters");
        }
        if (centreText.length() > 8) {
            throw new SealException(
                    SealProblem.INVALID_SEAL_DESIGN, "The text below the star has at most 8 characters");
        }
        if (code.length() > 20) {
            throw new SealException(SealProblem.INVALID_SEAL_DESIGN, "The seal code has at most 20 characters");
        }
        if (!(diameterMm >= 20 && diameterMm <= 60)) {
            throw new SealException(SealProblem.INVALID_SEAL_DESIGN, "A seal's diameter must be 20 to 60 mm");
        }
    }

    /** A standard 42 mm round seal. */
    public static SealDesign of(String unitName, String centreText) {
        return new SealDesign(unitName, centreText, "", STANDARD_DIAMETER_MM);
    }

    /** All characters that the seal draws, for choosing a font. */
    String allText() {
        return unitName + centreText + code;
    }
}
