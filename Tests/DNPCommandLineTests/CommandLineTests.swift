import ArgumentParser
import Foundation
import Testing

@testable import DNPCommandLine

/// A fresh temporary folder path (not created).
func temporaryPath(_ name: String) -> String {
  NSTemporaryDirectory() + "dnp-test-\(name)-\(UUID().uuidString)"
}

/// Runs `dnp arguments` in process. A sharded run ends with ``ShardCompleted``, which `dnp` treats as success:
/// it is returned.
@discardableResult
func runDNP(_ arguments: [String]) async throws -> ShardCompleted? {
  do { try await DNPMain.run(arguments) } catch let done as ShardCompleted { return done }
  return nil
}

/// result.json without the lines that record when and how long a run took: what must be bit-identical
/// between two runs of one configuration.
func resultWithoutTiming(_ directory: String) throws -> String {
  let text = try String(contentsOfFile: directory + "/result.json", encoding: .utf8)
  return text.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { !$0.contains("\"wall_time_s\" :") && !$0.contains("\"finished\" :") }
    .joined(separator: "\n")
}

func readJSON(_ path: String) throws -> [String: Any] {
  try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
}

@Test func steadyStateEndToEndWritesTheContract() async throws {
  let out = temporaryPath("steady")
  try await runDNP([
    "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=4", "--set", "realizations=3",
    "--quiet",
  ])
  let result = try readJSON(out + "/result.json")
  let pn = result["nuclear_polarization"] as! Double
  let realizations = result["realizations"] as! [[String: Any]]
  #expect(realizations.count == 3)
  let mean = realizations.map { $0["nuclear_polarization"] as! Double }.reduce(0, +) / 3
  #expect(abs(pn - mean) < 1e-15)
  #expect((realizations[0]["electron_polarizations"] as! [Double]).count == 4)
  for key in ["energy", "magnetization", "kl_divergence"] { #expect(realizations[0][key] is Double) }
  let st = result["spin_temperature"] as! [String: Any]
  for method in ["fit", "perturbative"] {
    let m = st[method] as! [String: Any]
    for key in ["inverse_temperature_per_K", "effective_field_MHz", "predicted_nuclear_polarization"] {
      #expect(m[key] is Double, "spin_temperature.\(method).\(key)")
    }
  }
  let meta = result["metadata"] as! [String: Any]
  #expect(meta["seed"] as? Int == 1 && meta["blas_threads"] as? Int == 1)
  #expect((meta["config"] as! [String: Any])["electrons"] as? Int == 4)
  #expect(FileManager.default.fileExists(atPath: out + "/electron_profile.csv"))
  #expect(FileManager.default.fileExists(atPath: out + "/electron_profile.gp"))
  // The same output folder is not overwritten without --resume.
  await #expect(throws: ConfigError.self) {
    try await runDNP(["thermal-mixing", "steady-state", "--output", out, "--set", "electrons=4", "--quiet"])
  }
}

@Test func threadCountDoesNotChangeTheNumbers() async throws {
  var results = [[String: Any]]()
  for threads in ["1", "2"] {
    let out = temporaryPath("threads\(threads)")
    try await runDNP([
      "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=4", "--set", "realizations=4",
      "--threads", threads, "--quiet",
    ])
    results.append(try readJSON(out + "/result.json"))
  }
  let a = results[0]["realizations"] as! [[String: Any]], b = results[1]["realizations"] as! [[String: Any]]
  for (x, y) in zip(a, b) {
    #expect(x["nuclear_polarization"] as! Double == y["nuclear_polarization"] as! Double)
    #expect(x["electron_polarizations"] as! [Double] == y["electron_polarizations"] as! [Double])
  }
}

@Test func resumeKeepsFinishedRealizationsAndRefusesAnotherConfig() async throws {
  let out = temporaryPath("resume")
  let args = [
    "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=3", "--set", "realizations=3",
    "--quiet",
  ]
  try await runDNP(args)
  let first = try readJSON(out + "/result.json")
  // Simulate an interruption: drop one checkpoint and the result; resume recomputes only that one.
  let checkpoint = out + "/checkpoints/realizations/00001.json"
  let kept = try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoints/realizations/00000.json"))
  try FileManager.default.removeItem(atPath: checkpoint)
  try FileManager.default.removeItem(atPath: out + "/result.json")
  try await runDNP(args + ["--resume"])
  let second = try readJSON(out + "/result.json")
  #expect(first["nuclear_polarization"] as! Double == second["nuclear_polarization"] as! Double)
  #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoints/realizations/00000.json")) == kept)
  #expect(FileManager.default.fileExists(atPath: checkpoint))
  await #expect(throws: ConfigError.self) {
    try await runDNP([
      "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=4", "--resume", "--quiet",
    ])
  }
}

@Test func badInputFailsBeforeWritingAnything() async throws {
  let out = temporaryPath("bad")
  await #expect(throws: ConfigError.self) {
    try await runDNP(["thermal-mixing", "steady-state", "--output", out, "--set", "temperature=1.2"])
  }
  let sample = temporaryPath("sample") + ".json"
  try
    #"{"electron_offsets_MHz": [1, 2], "dipolar_couplings_MHz": [[0, 1], [2, 0]], "hyperfine_couplings_MHz": [0.1, 0.1]}"#
    .write(toFile: sample, atomically: true, encoding: .utf8)
  do {
    try await runDNP(["thermal-mixing", "steady-state", "--output", out, "--set", "sample=\(sample)"])
    Issue.record("an asymmetric sample must be rejected")
  } catch let e as ConfigError {
    #expect(e.message.contains("key 'sample'") && e.message.contains("not symmetric"))
  }
  #expect(!FileManager.default.fileExists(atPath: out))
}

@Test func explicitSampleRunsAsGiven() async throws {
  let out = temporaryPath("explicit")
  let sample = temporaryPath("sample") + ".json"
  try
    #"{"electron_offsets_MHz": [-20, 0, 20], "dipolar_couplings_MHz": [[0, 5, 1], [5, 0, 3], [1, 3, 0]], "hyperfine_couplings_MHz": [0.5, -0.3, 0.2]}"#
    .write(toFile: sample, atomically: true, encoding: .utf8)
  try await runDNP([
    "thermal-mixing", "steady-state", "--output", out, "--set", "sample=\(sample)", "--quiet",
  ])
  let result = try readJSON(out + "/result.json")
  #expect((result["realizations"] as! [Any]).count == 1)
  #expect(((result["realizations"] as! [[String: Any]])[0]["electron_polarizations"] as! [Double]).count == 3)
  let config = (result["metadata"] as! [String: Any])["config"] as! [String: Any]
  #expect(config["electrons"] as? Int == 3)
}

/// Microwaves off through the whole pipeline (checkpoints included): both spin temperatures are the bath's.
@Test func microwavesOffGiveTheBathSpinTemperatureThroughCheckpoints() async throws {
  let out = temporaryPath("gibbs")
  try await runDNP([
    "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=4", "--set", "realizations=3",
    "--set", "microwave_amplitude=0 Hz", "--quiet",
  ])
  let result = try readJSON(out + "/result.json")
  let beta = 1 / 1.2  // 1/K at 1.2 K
  for method in ["fit", "perturbative"] {
    let t = (result["spin_temperature"] as! [String: Any])[method] as! [String: Any]
    #expect(abs((t["inverse_temperature_per_K"] as! Double) / beta - 1) < 1e-8, "\(method)")
    #expect(abs(t["effective_field_MHz"] as! Double) < 1e-3, "\(method)")  // h = 0 against ω_e/2π ≈ 93900 MHz
  }
  let thermal = result["thermal_nuclear_polarization"] as! Double
  #expect(abs((result["nuclear_polarization"] as! Double) / thermal - 1) < 1e-6)
  for r in result["realizations"] as! [[String: Any]] { #expect(abs(r["kl_divergence"] as! Double) < 1e-12) }
}

@Test func sweepsOfKeysTheModelIgnoresAreRefused() async throws {
  let out = temporaryPath("ignored")
  do {
    try await runDNP([
      "thermal-mixing", "sweep", "--output", out, "--set", "sweep_parameter=concentration",
      "--set", "sweep_values=[\"5 mM\", \"10 mM\"]",
    ])
    Issue.record("a concentration sweep with Gaussian couplings changes nothing and must be refused")
  } catch let e as ConfigError { #expect(e.message.contains("coupling_model = \"dipolar\"")) }
  #expect(!FileManager.default.fileExists(atPath: out))
}
