import ArgumentParser
import Foundation
import Testing

@testable import DNPCommandLine

/// Issue 11 items 10 and 11: each message names the option, key or file and the accepted form.
@Test func messagesNameTheKeyOrFileAndTheAcceptedForm() async throws {
  do {
    _ = try DNPMain.parseAsRoot(["thermal-mixing", "steady-state", "--threads", "-1"])
    Issue.record("--threads -1 must be refused")
  } catch {
    let message = DNPMain.message(for: error)
    #expect(message.contains("--threads must be a whole number from 1 to 1024, got -1"), "\(message)")
  }
  do {
    try await runDNP(["demo", "--threads", "-1", "--output", temporaryPath("demo-threads")])
    Issue.record("demo --threads -1 must be refused")
  } catch {
    #expect(DNPMain.message(for: error).contains("--threads must be a whole number from 1 to 1024, got -1"))
  }
  await expectRefusal(
    ["thermal-mixing", "sweep", "--set", "sweep_parameter=temperature", "--set", #"sweep_values="1 K""#],
    ["--set sweep_values", "is not an array", #"--set 'sweep_values=["2 MHz", "5 MHz"]'"#])
  let big = temporaryPath("big") + ".json"
  try #"{"electrons": 1e400}"#.write(toFile: big, atomically: true, encoding: .utf8)
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--config", big], ["config file", "key 'electrons'", "finite number"])
  let comma = temporaryPath("comma") + ".json"
  try "{\"electrons\": 4,\n}".write(toFile: comma, atomically: true, encoding: .utf8)
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--config", comma], ["config file", "line 1", "comma before '}'"])
  #expect(ConfigFile.trailingCommaLine(#"{"a": ["x,]", 1], "b": 2}"#) == nil)
  #expect(ConfigFile.trailingCommaLine("{\"a\": [1,\n 2,\n ]}") == 2)
}

/// `dnp plot` on a file, a missing folder, or a run that draws no figure says what it expects.
@Test func plotMessagesSayWhatAFolderIs() async throws {
  let run = temporaryPath("plot-anderson")
  try await runDNP([
    "anderson", "steady-state", "--output", run, "--set", "size=3", "--set", "realizations=1", "--quiet",
  ])
  await expectError(["plot", run + "/result.json"], ["is a file", "expected a run's output folder"])
  await expectError(["plot", temporaryPath("missing")], ["does not exist"])
  await expectError(["plot", run], ["'anderson steady-state'", "draws no figure"])
}

/// `--threads` above the core count is a warning; `spin-temperature` leaves no checkpoints folder; `demo`
/// takes the `--resume` its messages may advise.
@Test func threadsNoteCheckpointsAndDemoResume() async throws {
  let out = temporaryPath("threads1000")
  try await runDNP(tinySteady + ["--output", out, "--threads", "1000"])
  let warnings = (try readJSON(out + "/result.json")["metadata"] as! [String: Any])["warnings"] as! [String]
  #expect(warnings.contains { $0.contains("--threads 1000 is more than the") })
  let st = temporaryPath("spin-temperature")
  try await runDNP(["thermal-mixing", "spin-temperature", "--output", st, "--quiet"])
  #expect(try FileManager.default.contentsOfDirectory(atPath: st).sorted() == ["config.toml", "result.json"])
  _ = try DNPMain.parseAsRoot(["demo", "--resume", "--output", temporaryPath("demo")])
}
