package org.sealpost.core.document;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classification guard (seed 第十八、十九条: SealPost carries only non-secret material): finds
 * national-secret and commercial-secret markings in a document's text and metadata, so the upload
 * can be refused with what was found and where.
 *
 * <p>What is matched, after NFKC normalisation (full-width digits, {@code ＊} and the ideographic
 * space become their ASCII forms):
 *
 * <ul>
 *   <li>a <b>level</b>: {@code 绝密}, {@code 机密}, {@code 秘密} or {@code 商密}, also in traditional
 *       or variant characters ({@code 絕密}, {@code 機密}, {@code 祕密}), also {@code 核心商密} and
 *       {@code 普通商密}; whitespace and zero-width characters between the characters are
 *       tolerated ({@code 秘 密}, {@code 机　密});
 *   <li><b>level followed by a star</b> ({@code ★}, {@code ☆}, {@code *}), optionally with a
 *       period: digits and 年/个月/月/天/日, or {@code 长期}/{@code 永久} — e.g. {@code 秘密★1年},
 *       {@code 机密★10年}, {@code 绝密★长期}, {@code 商密★5年}. Matched wherever it appears: no
 *       ordinary sentence contains a level followed by a star;
 *   <li><b>a standalone level</b>, optionally with a period ({@code 秘密}, {@code 秘密 1年}, {@code
 *       密级：机密}, {@code 【绝密】}): the level is not joined to a word on either side, meaning
 *       neither the character just before it nor the one just after it (skipping at most one
 *       space) is a letter or digit.
 * </ul>
 *
 * <p>Not matched, on purpose: the level inside a longer word or phrase — {@code 商业秘密}, {@code
 * 国家秘密}, {@code 保守秘密}, {@code 机密性}, {@code 秘密地} — since ordinary regulatory texts use
 * these words; and {@code 保密}, {@code 内部}, {@code 敏感}, which are not classification levels.
 * The one-space allowance means letter-spaced headings ({@code 国 家 秘 密}) are not mistaken for a
 * marking, while a marking set apart by a wider gap ({@code 1号   秘密}) still is.
 *
 * <p>Text is scanned line by line; a marking split across two extracted lines is not found.
 */
public final class ClassificationGuard {

    /** Characters that may sit between the characters of a marking. */
    private static final String GAP_CHAR = "[\\s\\u00A0\\u200B-\\u200D\\u2060\\uFEFF]";

    private static final String G = GAP_CHAR + "*";

    private static final String LEVEL = "(?:(?:核" + G + "心|普" + G + "通)" + G + ")?" + "[绝絕机機秘祕商]" + G + "密";

    private static final String STAR = "[★☆*✩✪✫✬✭✮✯✰]";

    private static final String PERIOD = "(?:[0-9一二三四五六七八九十百]+" + G + "(?:年|个" + G + "月|個" + G + "月|月|天|日)" + "|长" + G
            + "期|長" + G + "期|永" + G + "久)";

    private static final String WORD = "[\\p{L}\\p{N}]";

    private static final Pattern MARKING = Pattern.compile(
            // a level with a star, anywhere
            LEVEL + G + STAR + "(?:" + G + PERIOD + ")?"
                    // a standalone level, with or without a period
                    + "|(?<!" + WORD + ")(?<!" + WORD + GAP_CHAR + ")" + LEVEL + "(?:" + G + PERIOD + ")?"
                    + "(?!" + GAP_CHAR + "?" + WORD + ")");

    private ClassificationGuard() {}

    /**
     * Markings in free text (a metadata field, a title typed by the sender); page and line are 0.
     *
     * @param where the name reported in {@link Marking#where()}
     */
    public static List<Marking> scanText(String where, String text) {
        List<Marking> found = new ArrayList<>();
        for (String line : text.split("\\R")) {
            scanLine(line, where, 0, 0, found);
        }
        return found;
    }

    /** Markings in the document's metadata (first) and body text, each with its place. */
    public static List<Marking> scan(InspectedDocument document) {
        List<Marking> found = new ArrayList<>();
        for (Map.Entry<String, String> field : document.metadata().entrySet()) {
            found.addAll(scanText(field.getKey(), field.getValue()));
        }
        for (PageText page : document.text()) {
            for (int i = 0; i < page.lines().size(); i++) {
                scanLine(page.lines().get(i), "body", page.page(), i + 1, found);
            }
        }
        return found;
    }

    private static void scanLine(String line, String where, int page, int lineNumber, List<Marking> found) {
        String normal = Normalizer.normalize(line, Normalizer.Form.NFKC);
        Matcher matcher = MARKING.matcher(normal);
        while (matcher.find()) {
            found.add(new Marking(matcher.group().strip(), where, page, lineNumber));
        }
    }
}
