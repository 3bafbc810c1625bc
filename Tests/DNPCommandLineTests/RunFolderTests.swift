import Foundation
import Testing

@testable import DNPCommandLine

/// Runs dnp expecting a ``ConfigError`` holding every fragment.
func expectError(
  _ arguments: [String], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
) async {
  do {
    try await runDNP(arguments)
    Issue.record("expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
  } catch let e as ConfigError {
    for f in fragments {
      #expect(e.message.contains(f), "'\(e.message)' should mention \(f)", sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
}

let tinySteady = [
  "thermal-mixing", "steady-state", "--set", "electrons=3", "--set", "realizations=2", "--quiet",
]

/// Issue 11 item 3: resume compares values as read ("1200 mK" = "1.2 K"), fingerprints a sample file by its
/// content, and names the key that differs.
@Test func resumeComparesParsedValuesAndSampleContent() async throws {
  let out = temporaryPath("resume-units")
  try await runDNP(tinySteady + ["--output", out, "--set", "temperature=1200 mK"])
  try FileManager.default.removeItem(atPath: out + "/result.json")
  try await runDNP(tinySteady + ["--output", out, "--set", "temperature=1.2 K", "--resume"])
  #expect(FileManager.default.fileExists(atPath: out + "/result.json"))
  try FileManager.default.removeItem(atPath: out + "/result.json")
  await expectError(
    tinySteady + ["--output", out, "--set", "temperature=1.3 K", "--resume"],
    ["--resume", "key 'temperature' (1.2 then, 1.3 now)"])

  let sample = try threeElectronSample()
  let run = ["thermal-mixing", "steady-state", "--quiet", "--set", "sample=\(sample)"]
  let folder = temporaryPath("resume-sample")
  try await runDNP(run + ["--output", folder])
  try FileManager.default.removeItem(atPath: folder + "/result.json")
  _ = try threeElectronSample()  // another file; now edit the first one in place
  try
    #"{"electron_offsets_MHz": [-20, 0, 21], "dipolar_couplings_MHz": [[0, 5, 1], [5, 0, 3], [1, 3, 0]], "hyperfine_couplings_MHz": [0.5, -0.3, 0.2]}"#
    .write(toFile: sample, atomically: true, encoding: .utf8)
  await expectError(run + ["--output", folder, "--resume"], ["key 'sample'", "content"])
}

/// Issue 11 item 3: merge compares values as read, too.
@Test func mergeAcceptsEqualValuesWrittenDifferently() async throws {
  let a = temporaryPath("merge-units-a"), b = temporaryPath("merge-units-b"), out = temporaryPath("merged")
  try await runDNP(tinySteady + ["--output", a, "--set", "seed=1", "--set", "temperature=1200 mK"])
  try await runDNP(tinySteady + ["--output", b, "--set", "seed=2", "--set", "temperature=1.2 K"])
  try await runDNP(["merge", a, b, "--output", out])
  #expect(FileManager.default.fileExists(atPath: out + "/result.json"))
}

/// Issue 11 item 8: a merged run is a complete run folder: tables, figure script, checkpoints; it merges
/// again (seeds still checked) and `dnp plot` accepts it.
@Test func mergedRunIsACompleteRunFolder() async throws {
  let a = temporaryPath("m-a"), b = temporaryPath("m-b"), c = temporaryPath("m-c")
  let ab = temporaryPath("m-ab"), abc = temporaryPath("m-abc")
  for (folder, seed) in [(a, 1), (b, 2), (c, 3)] {
    try await runDNP(tinySteady + ["--output", folder, "--set", "seed=\(seed)"])
  }
  try await runDNP(["merge", a, b, "--output", ab])
  for file in [
    "electron_profile.csv", "electron_profile.gp", "checkpoints/run.txt",
    "checkpoints/realizations/00003.json",
  ] {
    #expect(FileManager.default.fileExists(atPath: ab + "/" + file), "\(file)")
  }
  try await runDNP(["merge", ab, c, "--output", abc])
  let merged = try readJSON(abc + "/result.json")
  #expect((merged["realizations"] as! [Any]).count == 6)
  #expect((merged["merged_from"] as! [[String: Any]]).map { $0["seed"] as! Int } == [1, 2, 3])
  let direct = try readJSON(a + "/result.json")["realizations"] as! [[String: Any]]
  #expect(
    (merged["realizations"] as! [[String: Any]])[0]["nuclear_polarization"] as! Double
      == direct[0]["nuclear_polarization"] as! Double)
  await expectError(["merge", ab, a, "--output", temporaryPath("m-dup")], ["same seed (1)"])
  if Gnuplot.executable != nil {
    try await runDNP(["plot", ab])
    #expect(FileManager.default.fileExists(atPath: ab + "/electron_profile.png"))
  }
}

/// Issue 11 item 5: an empty path, the root and a foreign non-empty folder are refused.
@Test func outputFolderRules() async throws {
  await expectError(tinySteady + ["--output", ""], ["--output is empty"])
  await expectError(tinySteady + ["--output", "/"], ["file-system root"])
  let foreign = temporaryPath("foreign")
  try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
  try "mine".write(toFile: foreign + "/notes.txt", atomically: true, encoding: .utf8)
  await expectError(tinySteady + ["--output", foreign], ["non-empty folder that holds no dnp run"])
  await expectError(tinySteady + ["--output", foreign, "--resume"], ["non-empty folder"])
  #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["notes.txt"])
  let a = temporaryPath("root-a"), b = temporaryPath("root-b")
  try await runDNP(tinySteady + ["--output", a, "--set", "seed=1"])
  try await runDNP(tinySteady + ["--output", b, "--set", "seed=2"])
  await expectError(["merge", a, b, "--output", "/"], ["file-system root"])
}

/// Issue 11 item 6: an unfinished run (interrupted or failed) is named as such, with both ways out.
@Test func unfinishedRunSaysHowToResumeOrRemove() async throws {
  let out = temporaryPath("unfinished")
  try await runDNP(tinySteady + ["--output", out])
  try FileManager.default.removeItem(atPath: out + "/result.json")
  await expectError(tinySteady + ["--output", out], ["unfinished run", "--resume", "delete the folder"])
  await expectError(tinySteady + ["--output", out, "--set", "seed=4"], ["unfinished run"])
}

/// Issue 11 item 6: the memory estimate refuses what cannot fit and reduces workers that cannot all fit.
@Test func memoryBudgetRefusesOrReducesWorkers() throws {
  let policy = ExecutionPolicy.forItems(8, threads: 4, inner: .model)
  var warnings = [String]()
  let fitted = try MemoryBudget.fit(policy, perItem: 3e9, threads: 4, inner: .model, memory: 8e9) {
    warnings.append($0)
  }
  #expect(fitted.workers == 2 && fitted.innerThreads == 2)
  #expect(warnings.count == 1 && warnings[0].contains("running 2 worker(s) instead of 4"))
  do {
    _ = try MemoryBudget.fit(policy, perItem: 20e9, threads: 4, inner: .model, memory: 16e9) { _ in }
    Issue.record("an item larger than the memory must be refused")
  } catch let e as ConfigError {
    #expect(e.message.contains("about 20.0 GB") && e.message.contains("16.0 GB of this machine"))
  }
  // The estimates follow the measured peaks (README benchmarks): N = 14 about 8 GB, L = 18 about 0.95 GB.
  let n14 = ThermalMixingConfig.memoryPerRealization(electrons: 14)
  #expect(n14 > 6e9 && n14 < 12e9)
  #expect(ThermalMixingConfig.memoryPerRealization(electrons: 16) > 100e9)
  // ETH at N = 16: the 12870-state S^z = 0 sector, three 12870² matrices (about 4 GB).
  #expect(abs(ThermalMixingConfig.memoryPerETH(electrons: 16) / (3 * 8 * 12870.0 * 12870) - 1) < 1e-12)
}

/// N = 16 needs more memory than this machine has (about 150 GB): refused before anything is written.
@Test func sixteenElectronsAreRefusedOnThisMachine() async throws {
  guard MemoryBudget.physicalMemory < 150e9 else { return }
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "electrons=16", "--set", "realizations=1"],
    ["GB of memory per item", "of this machine"])
}

/// Issue 11 items 4 and 11: a failure inside a sweep is a warning on stderr and in result.json's metadata,
/// noted on the figure; a non-finite value is null in result.json (never the string "nan").
@Test func sweepFailuresAreWarnedAndNonFiniteIsNull() async throws {
  // The discrete second-order theory cannot take coincident offsets: it fails at once, at every point.
  let sample = try threeElectronSample(offsets: "-20, 0, 0")
  let out = temporaryPath("warned")
  try await runDNP([
    "thermal-mixing", "sweep", "--output", out, "--quiet", "--set", "sample=\(sample)", "--set",
    "line_shape=discrete", "--set", "sweep_parameter=temperature", "--set", #"sweep_values=["1 K", "2 K"]"#,
  ])
  let text = try String(contentsOfFile: out + "/result.json", encoding: .utf8)
  #expect(!text.contains("\"nan\""))
  let result = try readJSON(out + "/result.json")
  let warnings = (result["metadata"] as! [String: Any])["warnings"] as! [String]
  #expect(warnings.contains { $0.contains("temperature point 1 of 2: perturbative spin temperature failed") })
  #expect(warnings.contains { $0.contains("written as null") })
  let points = result["points"] as! [[String: Any]]
  let perturbative = (points[0]["spin_temperature"] as! [String: Any])["perturbative"]
  #expect(perturbative == nil || perturbative is NSNull)
  let script = try String(contentsOfFile: out + "/sweep.gp", encoding: .utf8)
  #expect(script.contains("warning(s), see result.json"))
}

/// `JSONCoding.encodeResult` writes null for NaN and ±∞ and names the keys.
@Test func nonFiniteNumbersBecomeNullWithTheirKeys() throws {
  struct R: Encodable {
    var a = Double.nan
    var b = [1.0, .infinity]
    var c = 2.0
  }
  let (data, keys, count) = try JSONCoding.encodeResult(R())
  let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
  #expect(object["a"] is NSNull && (object["b"] as! [Any])[1] is NSNull && object["c"] as? Double == 2)
  #expect(keys == ["a", "b"] && count == 2)
}

/// Issue 11 item 6: an item that fails ends the run with the cause and how to go on; the finished items
/// stay saved, and the same command with --resume continues.
@Test func failedRunSaysItIsResumable() async throws {
  let out = temporaryPath("failing")
  let options = try RunOptions.parse(["--output", out, "--quiet", "--threads", "1"])
  let config = try options.resolve(ThermalMixingConfig.schema)
  struct Boom: Error, CustomStringConvertible { var description: String { "item 2 diverged" } }
  let failing = try RunSession(task: "test", options: options, config: config)
  do {
    _ = try await failing.map(count: 3, phase: "items", label: "items") { i, _ in
      if i == 2 { throw Boom() }
      return i
    }
    Issue.record("the failure must propagate")
  } catch let e as UnfinishedRun {
    #expect(e.cause is NumericalFailure, "the typed cause is kept")
    #expect(e.description.contains("item 2 of 'items': item 2 diverged"))
    #expect(e.description.contains("2 of 3 items finished and are saved"))
    #expect(e.description.contains("rerun the same command with --resume"))
  }
  var resumed = options
  resumed.resume = true
  let again = try RunSession(task: "test", options: resumed, config: config)
  let values = try await again.map(count: 3, phase: "items", label: "items") { i, _ in i * 10 }
  #expect(values == [0, 1, 20], "the two saved items are reused, the failed one computed")
}
