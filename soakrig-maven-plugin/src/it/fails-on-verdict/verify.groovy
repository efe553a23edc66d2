// The build failed on the FAIL verdict, with the plugin's one line, and the run's verdict is on record.
def log = new File(basedir, 'build.log').text
def runs = new File(basedir, 'target/soakrig').listFiles()
assert runs != null && runs.length == 1 : "one run directory under target/soakrig"
def summary = new groovy.json.JsonSlurper().parse(new File(runs[0], 'summary.json'))
assert summary.verdict == 'FAIL'
assert log.contains("FAIL  fails-on-verdict:") : "soakrig's verdict line is in the build's output"
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal io.soakrig:soakrig-maven-plugin') }
assert failure != null : "the build failed in soakrig's goal"
assert failure.contains("soakrig: FAIL (a gate failed); see ${new File(runs[0], 'report.html')}") : failure
return true
