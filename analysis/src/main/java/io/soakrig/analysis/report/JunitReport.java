package io.soakrig.analysis.report;

import io.soakrig.analysis.verdict.GateResult;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's gates as a JUnit XML report ({@code junit.xml}), the format Jenkins, GitLab and GitHub
 * test reporters read: one test suite per run, one test case per gate. A failed gate is a
 * {@code <failure>} carrying its figures, a gate that could not be judged is {@code <skipped>}, and
 * a run without a verdict — one that could not measure (ERROR), was interrupted, or whose gates
 * could not decide (INCONCLUSIVE) — has one {@code <error>} case saying why, so a CI job shows why
 * without opening the run directory, and no reporter shows a run without a verdict as green.
 */
public final class JunitReport {
    public static final String FILE = RunLayout.JUNIT;

    private record Case(String name, String kind, String type, String message) {
    }

    private JunitReport() {
    }

    /** Writes {@code junit.xml} into {@code runDir}, atomically. */
    public static void write(Path runDir, Summary summary) throws IOException {
        AtomicFiles.replace(RunLayout.of(runDir).junit(), partial -> {
            try (OutputStream out = Files.newOutputStream(partial)) {
                write(out, summary);
            }
        });
    }

    static void write(OutputStream out, Summary summary) throws IOException {
        List<Case> cases = cases(summary);
        String suite = "soakrig." + summary.profile();
        String time = String.format(Locale.ROOT, "%.3f", summary.durationSeconds());
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            counts(xml, suite, cases, time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            counts(xml, suite, cases, time);
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", "verdict");
            xml.writeAttribute("value", summary.verdict().name());
            xml.writeEndElement();
            for (Case c : cases) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", suite);
                xml.writeAttribute("name", c.name());
                xml.writeAttribute("time", "0");
                if (c.kind() != null) {
                    xml.writeStartElement(c.kind());
                    xml.writeAttribute("message", c.message());
                    if (!c.kind().equals("skipped")) {
                        xml.writeAttribute("type", c.type());
                        xml.writeCharacters(c.message());
                    }
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    private static void counts(XMLStreamWriter xml, String name, List<Case> cases, String time) throws XMLStreamException {
        xml.writeAttribute("name", name);
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> "failure".equals(c.kind())).count()));
        xml.writeAttribute("errors", Long.toString(cases.stream().filter(c -> "error".equals(c.kind())).count()));
        xml.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> "skipped".equals(c.kind())).count()));
        xml.writeAttribute("time", time);
    }

    /**
     * One case per gate; a run without a verdict, or without gates, gets one more case, "run",
     * that says why — an {@code <error>} unless the run passed or failed.
     */
    private static List<Case> cases(Summary summary) {
        List<Case> cases = new ArrayList<>();
        for (GateResult g : summary.gates()) {
            cases.add(switch (g.outcome()) {
                case PASSED -> new Case(g.gate(), null, null, g.message());
                case FAILED -> new Case(g.gate(), "failure", "GateFailed", g.message());
                case NOT_JUDGED -> new Case(g.gate(), "skipped", null, g.message());
            });
        }
        if (cases.isEmpty() || summary.verdict() == Verdict.ERROR || summary.verdict() == Verdict.INCONCLUSIVE) {
            String why = String.join("; ", summary.reasons());
            String message = why.isEmpty() ? summary.verdict().name() : why;
            cases.add(switch (summary.verdict()) {
                case ERROR -> new Case("run", "error", "RunError", message);
                case INCONCLUSIVE -> new Case("run", "error", "NoVerdict", message);
                default -> new Case("run", null, null, message);
            });
        }
        return cases;
    }
}
