import DNPNumerics
import Foundation
import Testing
import ThermalMixing

@testable import DNPCommandLine

/// The run contracts: version in the resume fingerprint, unreadable checkpoints, typed errors, config.toml.
@Suite struct ContractTests {
  let steady = [
    "thermal-mixing", "steady-state", "--set", "electrons=3", "--set", "realizations=3", "--quiet",
  ]

  @Test func resumeAcrossVersionsIsRefused() async throws {
    let out = temporaryPath("version")
    try await runDNP(steady + ["--output", out])
    let marker = out + "/checkpoints/run.txt"
    let text = try String(contentsOfFile: marker, encoding: .utf8)
    #expect(text.hasPrefix("version=\(RunMetadata.programVersion)\n"))
    try text.replacingOccurrences(of: "version=\(RunMetadata.programVersion)", with: "version=0.0.9")
      .write(toFile: marker, atomically: true, encoding: .utf8)
    do {
      try await runDNP(steady + ["--output", out, "--resume"])
      Issue.record("a resume across versions must be refused")
    } catch let e as ConfigError {
      #expect(e.message.contains("dnp 0.0.9") && e.message.contains("dnp \(RunMetadata.programVersion)"))
    }
    // A folder from before the version line was recorded.
    try text.split(separator: "\n").dropFirst().joined(separator: "\n")
      .write(toFile: marker, atomically: true, encoding: .utf8)
    do {
      try await runDNP(steady + ["--output", out, "--resume"])
      Issue.record("a resume of an older run must be refused")
    } catch let e as ConfigError { #expect(e.message.contains("an older dnp")) }
  }

  @Test func unreadableCheckpointIsReportedAndRecomputed() async throws {
    let out = temporaryPath("corrupt")
    try await runDNP(steady + ["--output", out])
    let first = try resultWithoutTiming(out)
    let checkpoint = out + "/checkpoints/realizations/00001.json"
    let good = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
    try Data("{\"nuclear_pol".utf8).write(to: URL(fileURLWithPath: checkpoint))
    try FileManager.default.removeItem(atPath: out + "/result.json")
    try await runDNP(steady + ["--output", out, "--resume"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == good, "recomputed, bit for bit")
    let meta = try readJSON(out + "/result.json")["metadata"] as! [String: Any]
    let recomputed = try #require(meta["recomputed_checkpoints"] as? [String])
    #expect(recomputed.count == 1 && recomputed[0].hasSuffix("checkpoints/realizations/00001.json"))
    // Apart from that note, the result is the first run's, bit for bit.
    var again = try readJSON(out + "/result.json"), before = try readJSON(out + "/result.json")
    before = try JSONSerialization.jsonObject(with: Data(first.utf8)) as! [String: Any]
    again["metadata"] = nil
    before["metadata"] = nil
    #expect(NSDictionary(dictionary: again).isEqual(to: before))
  }

  @Test func ioFailuresKeepTheirCause() async throws {
    // The output folder would have to be created inside a regular file.
    let file = temporaryPath("a-file")
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    do {
      try await runDNP(steady + ["--output", file + "/run"])
      Issue.record("an impossible output folder must fail")
    } catch let e as IOFailure {
      #expect(e.path.hasPrefix(file) && e.description.hasPrefix("I/O failure: "))
      #expect(!(e.cause is ConfigError))
      // The system's reason in words, not an NSError dump.
      #expect(e.description.hasSuffix(": Not a directory"), "\(e.description)")
      #expect(!e.description.contains("Domain="))
    }
  }

  @Test func numericalFailuresNameTheItemAndKeepTheCause() async throws {
    var options = try RunOptions.parse(["--output", temporaryPath("numerical"), "--quiet", "--threads", "1"])
    options.quiet = true
    let config = try ThermalMixingConfig.schema.resolve(file: [:], overrides: [], baseDirectory: "/")
    let session = try RunSession(task: "test", options: options, config: config)
    do {
      _ = try await session.map(count: 3, phase: "items", label: "items") { i, _ -> Double in
        if i == 2 { throw LAPACKError(routine: "dsyevd", code: .noConvergence(5)) }
        return Double(i)
      }
      Issue.record("the item's LAPACK error must end the run")
    } catch let run as UnfinishedRun {
      // The run ends as unfinished (with the way to resume); its cause is the typed numerical failure.
      let e = try #require(run.cause as? NumericalFailure)
      #expect(e.item == 2 && e.phase == "items")
      #expect(e.cause as? LAPACKError == LAPACKError(routine: "dsyevd", code: .noConvergence(5)))
      #expect(e.description.contains("numerical failure in item 2"))
      #expect(run.description.hasPrefix(e.description) && run.description.contains("--resume"))
    }
    // The items that finished are checkpointed.
    #expect(FileManager.default.fileExists(atPath: options.output + "/checkpoints/items/00000.json"))
    // A user mistake inside an item stays a user mistake.
    await #expect(throws: ConfigError.self) {
      _ = try await session.map(count: 1, phase: "other", label: "other") { _, _ -> Double in
        throw ConfigError("key 'x': bad")
      }
    }
  }

  /// `--config DIR/config.toml` repeats the run: the same configuration, and result.json bit for bit.
  @Test func configTomlRepeatsTheRun() async throws {
    let sample = temporaryPath("sample") + ".json"
    try
      #"{"electron_offsets_MHz": [-20, 0, 20], "dipolar_couplings_MHz": [[0, 5, 1], [5, 0, 3], [1, 3, 0]], "hyperfine_couplings_MHz": [0.5, -0.3, 0.2]}"#
      .write(toFile: sample, atomically: true, encoding: .utf8)
    let runs: [[String]] = [
      steady + ["--set", "temperature=0.8 K", "--set", "microwave_amplitude=\"12.5 kHz\"", "--set", "seed=11"],
      ["thermal-mixing", "steady-state", "--set", "sample=\(sample)", "--set", "line_shape=discrete", "--quiet"],
      [
        "anderson", "sweep", "--set", "size=3", "--set", "realizations=2", "--set", "sweep_parameter=hopping",
        "--set", "sweep_values=[\"1.5 MHz\", \"3e6 Hz\"]", "--set", "nuclei_per_electron=12.25", "--quiet",
      ],
      [
        "reproduce", "thermal-mixing-fig5", "--set", "electrons=2", "--set", "realizations=1", "--quiet",
      ],
    ]
    for arguments in runs {
      let first = temporaryPath("config-first"), second = temporaryPath("config-second")
      try await runDNP(arguments + ["--output", first])
      let words = arguments.prefix { !$0.hasPrefix("--") }
      try await runDNP(Array(words) + ["--config", first + "/config.toml", "--output", second, "--quiet"])
      #expect(try resultWithoutTiming(second) == resultWithoutTiming(first), "\(words)")
      #expect(
        try String(contentsOfFile: second + "/config.toml", encoding: .utf8)
          == String(contentsOfFile: first + "/config.toml", encoding: .utf8))
      // Every key is written: the user's as settings, the defaults and presets as "# key = value" comments.
      let config = try ConfigFile.read(path: first + "/config.toml")
      let text = try String(contentsOfFile: first + "/config.toml", encoding: .utf8)
      let commented = Set(
        text.split(separator: "\n").filter { $0.hasPrefix("# ") && $0.contains(" = ") }.map {
          String($0.dropFirst(2).split(separator: " ")[0])
        })
      let meta = try readJSON(first + "/result.json")["metadata"] as! [String: Any]
      #expect(config.keys.allSatisfy { !commented.contains($0) })
      #expect(Set(config.keys).union(commented) == Set((meta["config"] as! [String: Any]).keys), "every key is written")
      let given = Set(arguments.indices.filter { arguments[$0] == "--set" }.map {
        String(arguments[$0 + 1].split(separator: "=")[0])
      })
      #expect(Set(config.keys) == given, "the settings are the keys given")
    }
  }

  /// `electrons` and a sample file accept the same largest N.
  @Test func electronsAndSampleShareTheLargestN() async throws {
    let maximum = ThermalMixingParameters.maximumElectrons
    #expect(ThermalMixingConfig.schema.key("electrons")?.range?.upperBound == Double(maximum))
    func sample(_ n: Int) throws -> String {
      let path = temporaryPath("sample\(n)") + ".json"
      let json: [String: Any] = [
        "electron_offsets_MHz": (0..<n).map(Double.init),
        "dipolar_couplings_MHz": (0..<n).map { _ in [Double](repeating: 0, count: n) },
        "hyperfine_couplings_MHz": [Double](repeating: 0.1, count: n),
      ]
      try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
      return path
    }
    for (arguments, fragment) in [
      (["--set", "electrons=\(maximum + 1)"], "key 'electrons'"),
      (["--set", "sample=\(try sample(maximum + 1))"], "at most \(maximum)"),
    ] {
      let out = temporaryPath("too-many")
      do {
        try await runDNP(["thermal-mixing", "spin-temperature", "--output", out, "--quiet"] + arguments)
        Issue.record("N = \(maximum + 1) must be refused")
      } catch let e as ConfigError { #expect(e.message.contains(fragment), "\(e.message)") }
      #expect(!FileManager.default.fileExists(atPath: out))
    }
    // N = maximum from a sample is accepted (checked without diagonalizing).
    var config = try ThermalMixingConfig.schema.resolve(
      file: [:], overrides: ["sample=\(try sample(maximum))"], baseDirectory: "/")
    #expect(try ThermalMixingConfig.prepare(&config, task: .steadyState)?.electrons == maximum)
  }

  @Test func tomlWriterRoundTripsEveryValue() throws {
    let values: [String: ConfigValue] = [
      "a": .string("quote \" and \\ and\ttab"), "b": .number(0.1 + 0.2), "c": .number(-3), "d": .bool(true),
      "e": .array([.string("2 MHz"), .number(1e-300), .array([.bool(false)])]), "f": .number(1e20),
    ]
    #expect(try ConfigFile.parseTOML(ConfigFile.toml(values, comment: ["x"]), file: "t") == values)
  }
}
