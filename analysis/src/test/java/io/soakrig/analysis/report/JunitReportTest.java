package io.soakrig.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.verdict.GateResult;
import io.soakrig.analysis.verdict.GateResult.Outcome;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {
    @TempDir
    Path run;

    @Test
    void eachGateIsATestCaseAndAFailureCarriesItsFigures() throws Exception {
        Summary s = summary(Verdict.FAIL, List.of("p99 latency 180.00 ms exceeds gate 100.00 ms"), List.of(
                new GateResult("p99 latency", Outcome.FAILED, "p99 latency 180.00 ms exceeds gate 100.00 ms"),
                new GateResult("error rate", Outcome.PASSED, "error rate 0.10% within gate 1.00%"),
                new GateResult("canary latency home", Outcome.NOT_JUDGED, "canary INCONCLUSIVE latency home: ...")));

        JunitReport.write(run, s);
        Element suite = suite();

        assertThat(suite.getAttribute("name")).isEqualTo("soakrig.demo");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element failed = (Element) cases.item(0);
        assertThat(failed.getAttribute("classname")).isEqualTo("soakrig.demo");
        assertThat(failed.getAttribute("name")).isEqualTo("p99 latency");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("180.00 ms");
        assertThat(failure.getAttribute("type")).isEqualTo("GateFailed");
        assertThat(((Element) cases.item(1)).getChildNodes().getLength()).as("a passed gate is an empty case").isZero();
        assertThat(((Element) cases.item(2)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(property(suite, "verdict")).isEqualTo("FAIL");
    }

    @Test
    void aRunThatCouldNotMeasureIsOneErrorCase() throws Exception {
        JunitReport.write(run, summary(Verdict.ERROR, List.of("target api is unreachable at 127.0.0.1:9"), List.of()));

        Element suite = suite();
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("target api is unreachable at 127.0.0.1:9");
    }

    @Test
    void anInterruptedRunIsAnErrorSoNoReporterShowsItGreen() throws Exception {
        JunitReport.write(run, summary(Verdict.INCONCLUSIVE, List.of("run interrupted"), List.of()));

        Element suite = suite();
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("run interrupted");
        assertThat(error.getAttribute("type")).isEqualTo("NoVerdict");
    }

    @Test
    void aGateThatCouldNotDecideIsSkippedAndTheRunWithoutAVerdictAnError() throws Exception {
        JunitReport.write(run, summary(Verdict.INCONCLUSIVE, List.of("p99 latency not judged: the generator was saturated"), List.of(
                new GateResult("p99 latency", Outcome.NOT_JUDGED, "p99 latency not judged: the generator was saturated"),
                new GateResult("error rate", Outcome.PASSED, "error rate 0.00% within gate 1.00%"))));

        Element suite = suite();
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
    }

    private Element suite() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve(JunitReport.FILE).toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        return (Element) root.getElementsByTagName("testsuite").item(0);
    }

    private static String property(Element suite, String name) {
        NodeList props = suite.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        return null;
    }

    private static Summary summary(Verdict verdict, List<String> reasons, List<GateResult> gates) {
        Percentiles none = new Percentiles(null, null, null, null, null);
        return new Summary("demo", verdict, reasons, gates, new Summary.Traffic(30, 100, 0, 0.0, none, Map.of(), false, null),
                new Summary.TargetHealth(Map.of(), Map.of(), Map.of(), Map.of()), null, null, null, List.of());
    }
}
