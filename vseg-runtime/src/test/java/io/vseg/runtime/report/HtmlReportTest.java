package io.vseg.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
    /** The page read back as XML (it is well-formed), as a tool or a test reads it. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void markdownTablesHeadingsAndParagraphsBecomeOnePageWithTheFigureInside() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        String page = HtmlReport.page("vseg ablate: a<b", List.of("study: `configs/x.conf`"), """
                ## fusers on davis2016-dev

                | variant | status | speedup | j |
                |---|---|---|---|
                | none | ok | 1.04x | 0.474 |
                | <chain> & more | failed: a "quoted" error | - | - |

                ideal: the baseline's **extract** time
                over the method's.
                """, List.of(new HtmlReport.Figure("j against speedup", png)));

        Document doc = parse(page);
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("vseg ablate: a<b");
        assertThat(doc.getElementsByTagName("h2").item(0).getTextContent()).isEqualTo("fusers on davis2016-dev");
        NodeList rows = doc.getElementsByTagName("tr");
        assertThat(rows.getLength()).isEqualTo(3); // the header and two rows: the separator is no row
        Element failed = (Element) rows.item(2);
        assertThat(failed.getElementsByTagName("td").item(0).getTextContent()).isEqualTo("<chain> & more");
        assertThat(failed.getElementsByTagName("td").item(1).getTextContent()).isEqualTo("failed: a \"quoted\" error");
        Element speedup = (Element) ((Element) rows.item(1)).getElementsByTagName("td").item(2);
        assertThat(speedup.getAttribute("class")).isEqualTo("num");
        assertThat(doc.getElementsByTagName("p").item(0).getTextContent())
                .isEqualTo("ideal: the baseline's extract time over the method's.");
        assertThat(doc.getElementsByTagName("strong").item(0).getTextContent()).isEqualTo("extract");
        assertThat(doc.getElementsByTagName("code").item(0).getTextContent()).isEqualTo("configs/x.conf");
        String src = ((Element) doc.getElementsByTagName("img").item(0)).getAttribute("src");
        assertThat(src).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))).isEqualTo(png);
        // Bold inside code stays code; a native message's control character is no character of the page.
        Document odd = parse(HtmlReport.page("t", List.of("`a**b` then **c** and \u001b[0m"), "", List.of()));
        assertThat(odd.getElementsByTagName("code").item(0).getTextContent()).isEqualTo("a**b");
        assertThat(odd.getElementsByTagName("strong").item(0).getTextContent()).isEqualTo("c");
        // Self-contained: nothing to fetch, nothing to run.
        assertThat(page).doesNotContain("http").doesNotContain("<script");
    }
}
