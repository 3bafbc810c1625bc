import Foundation
import Testing

@testable import DNPCommandLine

@Test func mergeEqualsTheRealizationsOfBothRuns() async throws {
  let a = temporaryPath("merge-a"), b = temporaryPath("merge-b"), out = temporaryPath("merge-out")
  let common = ["thermal-mixing", "steady-state", "--set", "electrons=3", "--quiet"]
  try await runDNP(common + ["--output", a, "--set", "seed=1", "--set", "realizations=2"])
  try await runDNP(common + ["--output", b, "--set", "seed=2", "--set", "realizations=3"])
  try await runDNP(["merge", a, b, "--output", out])
  let ra = try readJSON(a + "/result.json"), rb = try readJSON(b + "/result.json"),
    m = try readJSON(out + "/result.json")
  let all = ((ra["realizations"] as! [[String: Any]]) + (rb["realizations"] as! [[String: Any]]))
    .map { $0["nuclear_polarization"] as! Double }
  let merged = (m["realizations"] as! [[String: Any]]).map { $0["nuclear_polarization"] as! Double }
  #expect(merged == all)
  #expect(abs((m["nuclear_polarization"] as! Double) - all.reduce(0, +) / 5) < 1e-15)
  #expect((m["merged_from"] as! [Any]).count == 2)
  #expect(((m["metadata"] as! [String: Any])["config"] as! [String: Any])["realizations"] as? Int == 5)
  // The fit runs over all five ensembles.
  #expect(
    ((m["spin_temperature"] as! [String: Any])["fit"] as! [String: Any])["method"] as? String
      == "fit (eqs. 17-18) over 5 realizations")
}

@Test func mergeRefusesRunsThatDifferOrRepeat() async throws {
  let a = temporaryPath("merge-c"), b = temporaryPath("merge-d"), c = temporaryPath("merge-e")
  let common = ["anderson", "steady-state", "--set", "size=3", "--set", "realizations=2", "--quiet"]
  try await runDNP(common + ["--output", a, "--set", "seed=1"])
  try await runDNP(common + ["--output", b, "--set", "seed=1"])
  try await runDNP(common + ["--output", c, "--set", "seed=2", "--set", "hopping=2 MHz"])
  do {
    try await runDNP(["merge", a, b, "--output", temporaryPath("merge-x")])
    Issue.record("same seeds must be refused")
  } catch let e as ConfigError { #expect(e.message.contains("same seed")) }
  do {
    try await runDNP(["merge", a, c, "--output", temporaryPath("merge-y")])
    Issue.record("different hopping must be refused")
  } catch let e as ConfigError { #expect(e.message.contains("key 'hopping'")) }
  let out = temporaryPath("merge-z")
  let d = temporaryPath("merge-f")
  try await runDNP(common + ["--output", d, "--set", "seed=3"])
  try await runDNP(["merge", a, d, "--output", out])
  let m = try readJSON(out + "/result.json")
  #expect((m["realizations"] as! [Any]).count == 4)
  #expect(m["nuclear_polarization_goe"] is Double)
}

@Test func mergeRefusesARunOfAnotherVersion() async throws {
  let a = temporaryPath("merge-v1"), b = temporaryPath("merge-v2")
  let common = ["thermal-mixing", "steady-state", "--set", "electrons=3", "--set", "realizations=1", "--quiet"]
  try await runDNP(common + ["--output", a, "--set", "seed=1"])
  try await runDNP(common + ["--output", b, "--set", "seed=2"])
  let marker = b + "/checkpoints/run.txt"
  let text = try String(contentsOfFile: marker, encoding: .utf8)
  try text.replacingOccurrences(of: RunSession.versionLine, with: "version=0.2.0")
    .write(toFile: marker, atomically: true, encoding: .utf8)
  do {
    try await runDNP(["merge", a, b, "--output", temporaryPath("merge-v3")])
    Issue.record("a run of another version must be refused")
  } catch let e as ConfigError {
    #expect(e.message.contains("computed by dnp 0.2.0") && e.message.contains("'\(b)'"))
  }
}

@Test func mergeBySeedRefusesATaskWithoutRealizations() async throws {
  let a = temporaryPath("merge-ce1"), b = temporaryPath("merge-ce2")
  let common = ["cross-effect", "steady-state", "--set", "method=projected", "--quiet"]
  try await runDNP(common + ["--output", a])
  try await runDNP(common + ["--output", b])
  do {
    try await runDNP(["merge", a, b, "--output", temporaryPath("merge-ce3")])
    Issue.record("a merge by seed of cross-effect steady states must be refused")
  } catch let e as ConfigError {
    #expect(e.message.contains("'cross-effect steady-state' runs have no random realizations"))
  }
}
