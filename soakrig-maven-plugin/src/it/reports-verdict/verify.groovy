// failOnVerdict=false: the build passed, and the verdict it did not act on is in its output, with
// the path of the run's summary, which says INCONCLUSIVE.
def lines = new File(basedir, 'build.log').readLines()
def warning = lines.find { it.startsWith('[WARNING] soakrig: no verdict (INCONCLUSIVE or ERROR, exit 3); see ') }
assert warning != null && warning.endsWith(' (failOnVerdict is false)') : "the plugin warns of the verdict"
def summary = new File(warning.substring(warning.indexOf('; see ') + 6, warning.lastIndexOf(' (failOnVerdict')))
assert new groovy.json.JsonSlurper().parse(summary).verdict == 'INCONCLUSIVE'
assert lines.any { it.startsWith('INCONCLUSIVE  reports-verdict:') } : "soakrig's verdict line is in the build's output"
assert lines.contains('[INFO] BUILD SUCCESS')
return true
