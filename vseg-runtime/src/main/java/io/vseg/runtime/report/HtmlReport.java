package io.vseg.runtime.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report a person opens in a browser: one self-contained HTML file (styles inline, figures embedded as data
 * URIs, no script, nothing fetched), made from the Markdown vseg's commands write (headings, paragraphs and pipe
 * tables, with {@code `code`} and {@code **bold**} in them) and the figures beside it. The page is also well-formed
 * XML, so a tool can read its tables back.
 */
public final class HtmlReport {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)(x|%)?");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final String STYLE = """
            body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1400px; padding: 0 1em;
                   color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
            .facts { color: #555; }
            table { border-collapse: collapse; margin: 0.8em 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
            th { background: #f0f0f0; position: sticky; top: 0; }
            td.num { text-align: right; }
            tr:nth-child(even) td { background: #fafafa; }
            figure { margin: 1.2em 0; } img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { color: #555; }
            code { background: #f3f3f3; padding: 0 0.2em; }
            """;

    /**
     * A figure to embed.
     *
     * @param caption what it shows
     * @param png     the image, a PNG file's bytes
     */
    public record Figure(String caption, byte[] png) {
        public Figure {
            png = png.clone();
        }
    }

    private HtmlReport() {
    }

    /**
     * The page: {@code title}, then {@code facts} (lines of how and where the figures were made), the Markdown
     * {@code body} and the {@code figures}.
     */
    public static String page(String title, List<String> facts, String body, List<Figure> figures) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        if (!facts.isEmpty()) {
            html.append("<ul class=\"facts\">\n");
            facts.forEach(f -> html.append("<li>").append(inline(f)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append(markdown(body));
        for (Figure f : figures) {
            html.append("<figure>\n<img alt=\"").append(escape(f.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(f.png())).append("\"/>\n<figcaption>")
                    .append(inline(f.caption())).append("</figcaption>\n</figure>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** The Markdown vseg writes, as HTML: headings, pipe tables (numbers right-aligned), paragraphs. */
    static String markdown(String text) {
        StringBuilder html = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("|")) {
                flush(paragraph, html);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                int level = Math.min(6, Math.max(2, line.indexOf(' ') < 0 ? 2 : line.indexOf(' ')));
                html.append("<h").append(level).append('>').append(inline(line.replaceFirst("^#+\\s*", "")))
                        .append("</h").append(level).append(">\n");
            } else if (line.startsWith("|")) {
                int end = i;
                while (end < lines.size() && lines.get(end).strip().startsWith("|")) {
                    end++;
                }
                table(lines.subList(i, end), html);
                i = end - 1;
            } else {
                paragraph.add(line);
            }
        }
        flush(paragraph, html);
        return html.toString();
    }

    private static void flush(List<String> paragraph, StringBuilder html) {
        if (!paragraph.isEmpty()) {
            html.append("<p>").append(inline(String.join(" ", paragraph))).append("</p>\n");
            paragraph.clear();
        }
    }

    /** A pipe table: its first row the header, the separator row after it left out. */
    private static void table(List<String> rows, StringBuilder html) {
        html.append("<table>\n");
        boolean header = true;
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = cells(rows.get(r));
            if (r == 1 && cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue; // the separator under the header
            }
            html.append(header ? "<thead>\n<tr>" : "<tr>");
            for (String cell : cells) {
                if (header) {
                    html.append("<th>").append(inline(cell)).append("</th>");
                } else {
                    html.append(NUMBER.matcher(cell).matches() ? "<td class=\"num\">" : "<td>").append(inline(cell))
                            .append("</td>");
                }
            }
            html.append(header ? "</tr>\n</thead>\n<tbody>\n" : "</tr>\n");
            header = false;
        }
        html.append(header ? "" : "</tbody>\n").append("</table>\n");
    }

    /** The cells of {@code | a | b |}, trimmed. */
    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }

    /** Text with {@code `code`} and {@code **bold**} (outside code only, so the tags nest), escaped. */
    static String inline(String text) {
        String escaped = escape(text);
        StringBuilder out = new StringBuilder();
        Matcher code = CODE.matcher(escaped);
        int at = 0;
        while (code.find()) {
            out.append(BOLD.matcher(escaped.substring(at, code.start())).replaceAll("<strong>$1</strong>"))
                    .append("<code>").append(code.group(1)).append("</code>");
            at = code.end();
        }
        return out.append(BOLD.matcher(escaped.substring(at)).replaceAll("<strong>$1</strong>")).toString();
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                // Control characters (a native library's message may carry an escape) are no text of a page.
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
