// The invoker's check after `mvn verify` of this project: the plugin ran the profile with the
// project's own simulation, the build passed on a PASS verdict, and the run directory is under target/.
def runs = new File(basedir, 'target/soakrig').listFiles()
assert runs != null && runs.length == 1 : "one run directory under target/soakrig"
def summary = new groovy.json.JsonSlurper().parse(new File(runs[0], 'summary.json'))
assert summary.verdict == 'PASS'
assert summary.endpoints.keySet() == ['cart', 'checkout', 'login'] as Set
assert summary.requests > 100
return true
