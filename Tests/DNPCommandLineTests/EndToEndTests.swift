import ArgumentParser
import Foundation
import Testing
import ThermalMixing

@testable import DNPCommandLine

/// Whether gnuplot is on the PATH (`make test` installs it; without it runs still write data and scripts).
let gnuplotAvailable = ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":")
  .contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }

/// Every command end to end at tiny sizes (N = 2–4 electrons, one to three realizations), checking numbers.
@Suite struct EndToEndTests {
  /// A column of a CSV table, as numbers.
  func column(_ path: String, _ index: Int) throws -> [Double] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { Double($0.split(separator: ",")[index])! }
  }

  /// Element-wise agreement to `tolerance` relative (JSONSerialization may round the last digit of a number).
  func agree(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-15) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(abs($0), abs($1)) }
  }

  func nuclearPolarizations(_ points: Any?) -> [Double] {
    (points as! [[String: Any]]).map { $0["nuclear_polarization"] as! Double }
  }

  /// Every thermal-mixing figure (the Anderson ones: `AndersonCommandTests.reproduceFiguresAtTinyScale`).
  @Test func everyThermalMixingFigureAtTinyScale() async throws {
    let files = [
      "thermal-mixing-fig2": ["fig2_U2MHz.csv", "fig2_U15MHz.csv"],
      "thermal-mixing-fig3-coupling": ["fig3_coupling.csv"], "thermal-mixing-fig3-field": ["fig3_field.csv"],
      "thermal-mixing-fig4": ["fig4.csv"], "thermal-mixing-fig5": ["fig3_coupling.csv", "fig5.csv"],
    ]
    #expect(Set(ThermalMixingFigures.names) == Set(files.keys))
    for (figure, tables) in files {
      let out = temporaryPath(figure)
      // fig3-field with the first-order theory: the second-order quadrature at B = 1 T takes minutes in a
      // debug build (see the note in the branch's report).
      let extra = figure == "thermal-mixing-fig3-field" ? ["--set", "perturbative_order=first"] : []
      // fig4's curves are N = 6, 8, 10 themselves: it refuses `electrons`.
      let electrons = figure == "thermal-mixing-fig4" ? [] : ["--set", "electrons=2"]
      try await runDNP(
        ["reproduce", figure, "--output", out, "--set", "realizations=1", "--quiet"] + electrons + extra)
      for file in tables + ["\(figure).gp", "result.json", "config.toml"] {
        #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(figure): \(file)")
      }
      if gnuplotAvailable { #expect(FileManager.default.fileExists(atPath: out + "/\(figure).png")) }
      let result = try readJSON(out + "/result.json")
      switch figure {
      case "thermal-mixing-fig4":
        let delta = result["mean_adjacent_difference"] as! [[Double]]
        #expect(result["electrons"] as! [Int] == [6, 8, 10] && delta.count == 7 && delta[0].count == 3)
        #expect(delta.joined().allSatisfy { $0 > 0 && $0 <= 1 }, "δM of a spin-½ expectation lies in (0, 1]")
        #expect(agree(try column(out + "/fig4.csv", 1), delta.map { $0[0] }))
      case "thermal-mixing-fig2":
        let series = result["series"] as! [String: Any]
        for (u, file) in [("2.0", "fig2_U2MHz.csv"), ("15.0", "fig2_U15MHz.csv")] {
          let pn = nuclearPolarizations(series[u])
          #expect(pn.count == 21 && pn.allSatisfy { abs($0) < 1 })
          #expect(agree(try column(out + "/" + file, 1), pn), "\(file) holds the result's P_n")
        }
      default:
        let series = result["series"] as! [String: Any]
        let pn = nuclearPolarizations(series.values.first)
        #expect(pn.count == (figure == "thermal-mixing-fig3-field" ? 7 : 10))
        #expect(pn.allSatisfy { abs($0) < 1 } && pn.contains { abs($0) > 1e-3 }, "hyperpolarized somewhere")
        #expect(agree(try column(out + "/" + tables[0], 1), pn))
      }
    }
  }

  @Test func demoRunsTheHeadlineFigure() async throws {
    let out = temporaryPath("demo")
    try await runDNP(["demo", "--output", out, "--quiet", "--set", "electrons=2", "--set", "realizations=1"])
    let result = try readJSON(out + "/result.json")
    #expect(result["figure"] as? String == "thermal-mixing-fig3-coupling")
    let pn = nuclearPolarizations((result["series"] as! [String: Any])["coupling"])
    #expect(pn.count == 10 && pn.allSatisfy { abs($0) < 1 })
    #expect(agree(try column(out + "/fig3_coupling.csv", 1), pn))
    if gnuplotAvailable {
      #expect(FileManager.default.fileExists(atPath: out + "/thermal-mixing-fig3-coupling.png"))
    }
  }

  /// A sweep with microwaves off and on: off gives the thermal polarization, on hyperpolarizes.
  @Test func thermalMixingSweepOfTheMicrowaveAmplitude() async throws {
    let out = temporaryPath("tm-sweep")
    try await runDNP([
      "thermal-mixing", "sweep", "--output", out, "--set", "electrons=3", "--set", "realizations=2",
      "--set", "sweep_parameter=microwave_amplitude", "--set", "sweep_values=[\"0 Hz\", \"25 kHz\"]", "--quiet",
    ])
    let result = try readJSON(out + "/result.json")
    let points = result["points"] as! [[String: Any]]
    #expect(points.count == 2 && result["values"] as! [String] == ["0 Hz", "25 kHz"])
    let thermal = points[0]["thermal_nuclear_polarization"] as! Double
    #expect(abs(thermal - tanh(PhysicalConstantsForTests.hbarOverKB * 2 * .pi * 20e6 / 1.2 / 2)) < 1e-12)
    let off = points[0]["nuclear_polarization"] as! Double, on = points[1]["nuclear_polarization"] as! Double
    #expect(abs(off / thermal - 1) < 1e-6, "microwaves off: the Gibbs state")
    #expect(abs(on) > 10 * thermal, "microwaves on: hyperpolarized")
    #expect(agree(try column(out + "/sweep.csv", 1), [off, on]))
    #expect(agree(try column(out + "/sweep.csv", 0), [0, 0.025]), "the swept value in MHz")
  }

  @Test func spinTemperatureTaskMatchesTheLibrary() async throws {
    let out = temporaryPath("spin-temperature")
    try await runDNP(["thermal-mixing", "spin-temperature", "--output", out, "--set", "electrons=4", "--quiet"])
    let reported = (try readJSON(out + "/result.json")["spin_temperature"] as! [String: Any])["perturbative"]
      as! [String: Any]
    var p = ThermalMixingParameters.paperDefaults
    p.electrons = 4
    p.microwaveFrequency = 2 * .pi * 93.88e9
    let expected = try perturbativeSpinTemperature(p, lineShape: .continuum, order: .second)
    let beta = reported["inverse_temperature_per_K"] as! Double
    #expect(abs(beta / expected.inverseTemperaturePerKelvin - 1) < 1e-12)
    #expect(abs(beta) > 1 / 1.2, "colder than the bath")
    #expect(
      abs((reported["predicted_nuclear_polarization"] as! Double) - expected.predictedNuclearPolarization)
        < 1e-14)
  }

  @Test func ethTaskMatchesTheLibrary() async throws {
    let out = temporaryPath("eth")
    try await runDNP([
      "thermal-mixing", "eth", "--output", out, "--set", "electrons=4", "--set", "realizations=3", "--quiet",
    ])
    let result = try readJSON(out + "/result.json")
    let per = result["per_realization"] as! [Double]
    #expect(per.count == 3 && per.allSatisfy { $0 > 0 && $0 <= 1 })
    #expect(abs((result["mean_adjacent_difference"] as! Double) - per.reduce(0, +) / 3) < 1e-15)
    var p = ThermalMixingParameters.paperDefaults
    p.electrons = 4
    p.microwaveFrequency = 2 * .pi * 93.88e9
    for r in 0..<3 {
      let direct = try EigenstateThermalization(sample: .gaussian(p, seed: 1, realization: r))
      // 1e-12: the library call here may run BLAS at another thread count than the task's workers.
      #expect(agree([direct.meanAdjacentDifference], [per[r]], 1e-12), "realization \(r) is stream (seed, \(r))")
    }
    #expect(try column(out + "/eth.csv", 1).count == 6, "the S^z = 0 sector of N = 4 has 6 states")
  }

  @Test(.enabled(if: gnuplotAvailable, "needs gnuplot (make test installs it)"))
  func plotRendersEveryFigureOfARun() async throws {
    let out = temporaryPath("plot")
    try await runDNP([
      "thermal-mixing", "steady-state", "--output", out, "--set", "electrons=2", "--set", "realizations=2",
      "--quiet",
    ])
    for suffix in ["png", "svg"] { try FileManager.default.removeItem(atPath: out + "/electron_profile.\(suffix)") }
    try await runDNP(["plot", out])
    for suffix in ["png", "svg"] {
      let size = try FileManager.default.attributesOfItem(atPath: out + "/electron_profile.\(suffix)")[.size] as! Int
      #expect(size > 1000, "electron_profile.\(suffix) rendered")
    }
    await #expect(throws: ConfigError.self) { try await runDNP(["plot", temporaryPath("no-such-run")]) }
  }

  @Test func helpShowsOptionalConfigAndResume() throws {
    let root = DNPMain.helpMessage()
    #expect(root.contains("[--config FILE]") && root.contains("[--resume]") && root.contains("--shard"))
    #expect(!root.contains("<task> --config FILE"))
    let task = DNPMain.helpMessage(for: ThermalMixingCommand.SteadyState.self)
    #expect(task.contains("[--config <config>]") && task.contains("--resume") && task.contains("--shard"))
  }
}

/// ħ/k_B in K·s, for the thermal polarization tanh(ħω_n/2k_BT).
enum PhysicalConstantsForTests {
  static let hbarOverKB = 1.054_571_817e-34 / 1.380_649e-23
}
