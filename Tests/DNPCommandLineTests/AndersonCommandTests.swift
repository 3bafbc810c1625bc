import AndersonDNP
import Foundation
import Testing

@testable import DNPCommandLine

/// `dnp anderson …` and `dnp reproduce anderson-…` end to end, in process, on tiny lattices (L = 3, 4).
@Suite struct AndersonCommandTests {
  /// The realizations array of a result.json.
  func realizations(_ result: [String: Any]) -> [[String: Any]] { result["realizations"] as! [[String: Any]] }

  func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

  func writeSample(_ offsetsMHz: [Double]) throws -> String {
    let path = temporaryPath("anderson-sample") + ".json"
    let list = offsetsMHz.map { "\($0)" }.joined(separator: ", ")
    try #"{"site_offsets_MHz": [\#(list)]}"#.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func expectFailure(_ arguments: [String], mentioning fragments: [String]) async {
    do {
      try await runDNP(arguments)
      Issue.record("expected \(arguments) to fail with a ConfigError mentioning \(fragments)")
    } catch let e as ConfigError {
      for f in fragments { #expect(e.message.contains(f), "\(e.message) should mention \(f)") }
    } catch { Issue.record("unexpected error \(error)") }
  }

  @Test func polarizationWritesTheContract() async throws {
    let out = temporaryPath("anderson-polarization")
    try await runDNP([
      "anderson", "steady-state", "--output", out, "--set", "size=4", "--set", "realizations=3", "--quiet",
    ])
    let result = try readJSON(out + "/result.json")
    let list = realizations(result)
    #expect(list.count == 3)
    for r in list {
      for key in ["nuclear_polarization", "nuclear_polarization_goe", "ipr", "level_spacing_ratio"] {
        #expect(r[key] is Double, "realizations[].\(key)")
      }
      let ipr = r["ipr"] as! Double, ratio = r["level_spacing_ratio"] as! Double
      #expect(ipr > 1.0 / 64 && ipr <= 1, "I_2 lies between 1/N_e and 1")
      #expect(ratio > 0 && ratio < 1)
      #expect(abs(r["nuclear_polarization"] as! Double) < 1)
    }
    for key in ["nuclear_polarization", "nuclear_polarization_goe", "ipr", "level_spacing_ratio"] {
      let m = mean(list.map { $0[key] as! Double })
      #expect(
        abs((result[key] as! Double) - m) <= 1e-14 * max(1, abs(m)), "\(key) is the mean over realizations")
      #expect(result[key + "_std"] is Double)
    }
    #expect(result["thermal_nuclear_polarization"] is Double)
    let units = result["units"] as! [String: String]
    #expect(units["nuclear_polarization"] != nil && units["ipr"] != nil && units["rates"] != nil)
    let meta = result["metadata"] as! [String: Any]
    #expect(meta["task"] as? String == "anderson steady-state" && meta["seed"] as? Int == 1)
    let config = meta["config"] as! [String: Any]
    #expect(config["size"] as? Int == 4 && config["hopping"] as? String == "6.6 MHz")
    #expect(
      config["microwave_frequency"] as? String == "93.86 GHz" && config["temperature"] as? String == "1.2 K")
    #expect(FileManager.default.fileExists(atPath: out + "/realizations.csv"))
  }

  @Test func explicitSampleAtZeroHoppingMatchesTheAPI() async throws {
    // 27 distinct offsets (L = 3) in a scrambled site order, ω/2π in MHz.
    let offsetsMHz = (0..<27).map { Double(($0 * 7) % 27) * 4 - 52 }
    let sample = try writeSample(offsetsMHz)
    let out = temporaryPath("anderson-explicit")
    try await runDNP([
      "anderson", "steady-state", "--output", out, "--set", "sample=\(sample)", "--set", "hopping=0 MHz",
      "--quiet",
    ])
    let result = try readJSON(out + "/result.json")
    #expect(realizations(result).count == 1)
    #expect(((result["metadata"] as! [String: Any])["config"] as! [String: Any])["size"] as? Int == 3)

    var p = AndersonParameters.paperDefaults
    p.linearSize = 3
    p.hopping = 0
    let expected = try AndersonProblem(
      parameters: p, sample: .explicit(offsets: offsetsMHz.map { $0 * 2 * .pi * 1e6 })
    ).solve()
    let pn = result["nuclear_polarization"] as! Double
    #expect(abs(pn - expected.nuclearPolarization) <= 1e-9 * abs(expected.nuclearPolarization))
    let goe = result["nuclear_polarization_goe"] as! Double
    #expect(abs(goe - expected.nuclearPolarizationGOE) <= 1e-9 * abs(expected.nuclearPolarizationGOE))
    // t = 0: every eigenstate sits on one site, so I_2 = 1.
    #expect(abs((result["ipr"] as! Double) - 1) < 1e-12)
  }

  @Test func configErrorsFailBeforeWritingAnything() async throws {
    let out = temporaryPath("anderson-bad")
    await expectFailure(
      ["anderson", "steady-state", "--output", out, "--set", "hopping=6.6"],
      mentioning: ["key 'hopping'", "unit is missing", "\"54 MHz\""])
    let config = temporaryPath("anderson-config") + ".json"
    try #"{"microwave_frequency": 93.86, "size": 3}"#.write(toFile: config, atomically: true, encoding: .utf8)
    await expectFailure(
      ["anderson", "steady-state", "--output", out, "--config", config],
      mentioning: ["key 'microwave_frequency'", "has no unit", "MHz"])
    let nonCube = try writeSample((0..<10).map(Double.init))
    await expectFailure(
      ["anderson", "steady-state", "--output", out, "--set", "sample=\(nonCube)"],
      mentioning: ["key 'sample'", nonCube, "10 site offsets", "not a cube"])
    await expectFailure(
      ["anderson", "steady-state", "--output", out, "--set", "hoping=2 MHz"],
      mentioning: ["unknown key 'hoping'", "did you mean 'hopping'"])
    await expectFailure(
      [
        "anderson", "sweep", "--output", out, "--set", "sweep_parameter=boundary", "--set",
        "sweep_values=[\"open\"]",
      ],
      mentioning: ["key 'sweep_parameter'", "cannot be swept"])
    await expectFailure(
      [
        "anderson", "sweep", "--output", out, "--set", "sweep_parameter=hopping", "--set",
        "sweep_values=[\"2 MHz\", \"3 K\"]",
      ],
      mentioning: ["key 'hopping'", "unit of temperature"])
    await expectFailure(
      ["reproduce", "anderson-fig3", "--output", out, "--set", "sweep_parameter=temperature"],
      mentioning: ["key 'sweep_parameter'", "hopping"])
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func threadCountDoesNotChangeTheNumbers() async throws {
    var results = [[[String: Any]]]()
    for threads in ["1", "2"] {
      let out = temporaryPath("anderson-threads\(threads)")
      try await runDNP([
        "anderson", "steady-state", "--output", out, "--set", "size=4", "--set", "realizations=4",
        "--set", "goe_correlator=sampled", "--threads", threads, "--quiet",
      ])
      results.append(realizations(try readJSON(out + "/result.json")))
    }
    #expect(results[0].count == 4 && results[1].count == 4)
    for (a, b) in zip(results[0], results[1]) {
      for key in [
        "nuclear_polarization", "nuclear_polarization_goe", "ipr", "level_spacing_ratio",
        "correlation_at_larmor",
      ] {
        #expect(a[key] as! Double == b[key] as! Double, "\(key)")
      }
    }
  }

  @Test func sweepWritesSweepCSVAndSharesTheSpectrum() async throws {
    let out = temporaryPath("anderson-sweep")
    try await runDNP([
      "anderson", "sweep", "--output", out, "--set", "size=3", "--set", "realizations=2",
      "--set", "sweep_parameter=hopping", "--set", "sweep_values=[\"2 MHz\", \"10 MHz\"]", "--quiet",
    ])
    let csv = try String(contentsOfFile: out + "/sweep.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 3)
    #expect(
      csv[0].hasPrefix("hopping_MHz,nuclear_polarization,nuclear_polarization_std,nuclear_polarization_goe"))
    #expect(csv[1].hasPrefix("2.0,") && csv[2].hasPrefix("10.0,"))
    let result = try readJSON(out + "/result.json")
    #expect(result["sweep_parameter"] as? String == "hopping")
    #expect(result["values"] as? [String] == ["2 MHz", "10 MHz"])
    let points = result["points"] as! [[String: Any]]
    #expect(points.count == 2 && realizations(points[0]).count == 2)
    #expect(FileManager.default.fileExists(atPath: out + "/sweep.gp"))

    // A key that leaves the spectrum alone: one diagonalization per realization serves both points, and each
    // point equals a plain `polarization` run at that value.
    let shared = temporaryPath("anderson-sweep-mw")
    try await runDNP([
      "anderson", "sweep", "--output", shared, "--set", "size=3", "--set", "realizations=2",
      "--set", "sweep_parameter=microwave_frequency", "--set", "sweep_values=[\"93.86 GHz\", \"93.88 GHz\"]",
      "--quiet",
    ])
    let checkpoints = try FileManager.default.contentsOfDirectory(atPath: shared + "/checkpoints/points")
    #expect(checkpoints.count == 2)
    let sharedPoints = try readJSON(shared + "/result.json")["points"] as! [[String: Any]]
    #expect(sharedPoints[0]["ipr"] as! Double == sharedPoints[1]["ipr"] as! Double)
    #expect(
      sharedPoints[0]["nuclear_polarization"] as! Double != sharedPoints[1]["nuclear_polarization"] as! Double
    )
    let single = temporaryPath("anderson-single")
    try await runDNP([
      "anderson", "steady-state", "--output", single, "--set", "size=3", "--set", "realizations=2",
      "--set", "microwave_frequency=93.88 GHz", "--quiet",
    ])
    let a = sharedPoints[1]["nuclear_polarization"] as! Double
    let b = try readJSON(single + "/result.json")["nuclear_polarization"] as! Double
    #expect(abs(a - b) <= 1e-12 * abs(b))
  }

  @Test func densityOfStatesAndOverlapAreNormalized() async throws {
    let dos = temporaryPath("anderson-dos")
    try await runDNP([
      "anderson", "dos", "--output", dos, "--set", "size=4", "--set", "realizations=2", "--quiet",
    ])
    let d = try readJSON(dos + "/result.json")
    let density = d["density_per_MHz"] as! [Double]
    #expect(density.count == 60)
    #expect(abs(density.reduce(0, +) * (d["bin_width_MHz"] as! Double) - 1) < 1e-12, "∫ρ = 1")
    #expect(
      FileManager.default.fileExists(atPath: dos + "/dos.csv")
        && FileManager.default.fileExists(atPath: dos + "/dos.gp"))

    let overlap = temporaryPath("anderson-overlap")
    try await runDNP([
      "anderson", "overlap", "--output", overlap, "--set", "size=4", "--set", "realizations=2", "--quiet",
    ])
    let o = try readJSON(overlap + "/result.json")
    let omega = o["omega_MHz"] as! [Double], k = o["overlap_per_MHz"] as! [Double]
    #expect(omega.count == 101 && k.count == 101)
    #expect(abs(k.reduce(0, +) * (omega[1] - omega[0]) - 1) < 1e-10, "sum rule ∫K dω = 1 (eq. 26)")
    #expect(abs(omega[50]) < 1e-9, "an odd bin count centres a bin on ω = 0")
    for name in ["overlap.csv", "overlap.gp", "correlation.gp"] {
      #expect(FileManager.default.fileExists(atPath: overlap + "/" + name), "\(name)")
    }
  }

  @Test func reproduceFiguresAtTinyScale() async throws {
    let expected = [
      "anderson-fig2": ["fig2.csv", "anderson-fig2.gp"], "anderson-fig3": ["fig3.csv", "anderson-fig3.gp"],
      "anderson-fig4": [
        "fig4_microwave.csv", "fig4_nuclear.csv", "anderson-fig4-microwave.gp", "anderson-fig4-nuclear.gp",
      ],
      "anderson-fig7": ["fig7.csv", "anderson-fig7.gp"],
    ]
    #expect(Set(AndersonFigures.names) == Set(expected.keys))
    for (figure, files) in expected {
      let out = temporaryPath(figure)
      try await runDNP([
        "reproduce", figure, "--output", out, "--set", "size=3", "--set", "realizations=2",
        "--set", "sweep_values=[\"2 MHz\", \"8 MHz\"]", "--quiet",
      ])
      for file in files + ["result.json"] {
        #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(figure): \(file)")
      }
      let result = try readJSON(out + "/result.json")
      let config = (result["metadata"] as! [String: Any])["config"] as! [String: Any]
      #expect(
        config["size"] as? Int == 3 && config["realizations"] as? Int == 2,
        "--set wins over the scale defaults")
      #expect(config["sweep_parameter"] as? String == "hopping", "metadata.config names the swept key")
      #expect(
        (result["metadata"] as! [String: Any])["task"] as? String == "reproduce \(figure) --scale quick")
    }
  }
}
