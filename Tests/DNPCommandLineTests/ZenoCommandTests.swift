import Foundation
import MasterEquations
import Testing
import ZenoLocalization

@testable import DNPCommandLine

/// A three-spin Zeno sample file (ω/2π in MHz).
func zenoSample(
  offsets: String = "-1.5, 0.2, 1.9", couplings: String = "[0, 0.4, -0.2], [0.4, 0, 0.3], [-0.2, 0.3, 0]"
)
  throws -> String
{
  let path = temporaryPath("zeno-sample") + ".json"
  try #"{"electron_offsets_MHz": [\#(offsets)], "dipolar_couplings_MHz": [\#(couplings)]}"#
    .write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

/// `dnp zeno …` and the ZL figures end to end at tiny sizes (N = 3–4).
@Suite struct ZenoCommandTests {
  func column(_ path: String, _ index: Int) throws -> [Double] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { Double($0.split(separator: ",")[index])! }
  }

  /// The command line's profile for an explicit sample is the library's, for both dynamics; the EPR lines'
  /// weight is P^z (eq. S66) and the Hilbert spectrum integrates to it.
  @Test func steadyStateEqualsTheLibraryForAnExplicitSample() async throws {
    let path = try zenoSample()
    let out = temporaryPath("zeno-explicit")
    try await runDNP(["zeno", "steady-state", "--output", out, "--quiet", "--set", "sample=\(path)"])
    let result = try readJSON(out + "/result.json")
    let realizations = try #require(result["realizations"] as? [[String: Any]])
    try #require(realizations.count == 1)
    let reported = try #require(realizations[0]["polarizations"] as? [String: [Double]])
    var p = ZenoParameters.tableI()
    p.electrons = 3
    let mhz = 2 * Double.pi * 1e6
    let sample = ZenoSample(
      offsets: [-1.5, 0.2, 1.9].map { $0 * mhz },
      couplings: [[0, 0.4, -0.2], [0.4, 0, 0.3], [-0.2, 0.3, 0]].map { $0.map { $0 * mhz } })
    let model = try ZenoModel(parameters: p, sample: sample)
    let hilbert = try model.hilbertSteadyState().polarizations
    let nonsecular = try model.nonsecularSteadyState().polarizations
    // 1e-12 (Hilbert) and 1e-10 (the solver's tolerance): the run may use BLAS at another thread count.
    #expect(zip(try #require(reported["hilbert"]), hilbert).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(zip(try #require(reported["nonsecular"]), nonsecular).allSatisfy { abs($0 - $1) < 1e-10 })
    let solver = try #require(realizations[0]["solver"] as? [String: Any])
    #expect((solver["iterations"] as! Int) > 0 && (solver["residual"] as! Double) < 1e-8)
    let epr = try #require(result["epr_spectrum"] as? [String: Any])
    let weight = epr["total_weight"] as! [String: Double]
    let mean = result["mean_polarization"] as! [String: [String: Double]]
    for d in ["hilbert", "nonsecular"] {
      #expect(abs(weight[d]! - mean[d]!["mean"]!) < 1e-12, "eq. S66 for \(d)")
    }
    let width = epr["bin_width_MHz"] as! Double
    let spectrum = (epr["simulated"] as! [String: [Double]])["hilbert"]!
    #expect(abs(spectrum.reduce(0, +) * width - weight["hilbert"]!) < 1e-12, "every line inside the window")
    let fit = try #require((result["spin_temperature"] as? [String: Any])?["hilbert"] as? [String: Double])
    #expect(
      fit["inverse_temperature_per_K"]!.isFinite
        && abs(fit["spin_temperature_K"]! * fit["inverse_temperature_per_K"]! - 1) < 1e-12)
    // The per-realization table holds the same numbers.
    // 1e-15 relative: JSONSerialization may round the last digit.
    let table = try column(out + "/realizations.csv", 3), json = try #require(reported["hilbert"])
    #expect(zip(table, json).allSatisfy { abs($0 - $1) <= 1e-15 * abs($1) } && table.count == 3)
    for file in [
      "profile.csv", "epr_spectrum.csv", "histogram.csv", "config.toml", "profile.gp", "epr_spectrum.gp",
    ] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
    }
  }

  /// A sweep with the microwaves off and on, the toy model against its exact solution, and the bath times at
  /// their calibration points.
  @Test func sweepToyModelAndBathTimes() async throws {
    let sweep = temporaryPath("zeno-sweep")
    try await runDNP([
      "zeno", "sweep", "--output", sweep, "--quiet", "--set", "electrons=3", "--set", "realizations=2",
      "--set",
      "sweep_parameter=microwave_amplitude", "--set", #"sweep_values=["0 MHz", "0.628 MHz"]"#,
    ])
    let points = try #require(try readJSON(sweep + "/result.json")["points"] as? [[String: Any]])
    try #require(points.count == 2)
    let thermal = points[0]["thermal_polarization"] as! Double
    func mean(_ k: Int, _ d: String) -> Double {
      ((points[k]["mean_polarization"] as! [String: Any])[d] as! [String: Double])["mean"]!
    }
    // Off: the nonsecular jumps balance at ω_e exactly; the Hilbert Gibbs state differs by the couplings' shifts.
    #expect(abs(mean(0, "nonsecular") - thermal) < 1e-9)
    #expect(abs(mean(0, "hilbert") - thermal) < 1e-4)
    #expect(abs(mean(1, "nonsecular")) < 0.9 * abs(thermal), "microwaves on: saturated in part")
    #expect(try column(sweep + "/sweep.csv", 0) == [0, 0.628])

    let toy = temporaryPath("zeno-toy")
    try await runDNP(["zeno", "toy-model", "--output", toy, "--quiet", "--set", "toy_points=21"])
    let curve = try readJSON(toy + "/result.json")
    #expect((curve["max_deviation_from_exact"] as! Double) < 1e-9, "GKSL vs the exact S95–S100")
    let peak = (curve["rho11_exact"] as! [Double]).max()!
    // S101 drops O(V²/γ²) = 1% relative here (V = 0.01 MHz, γ = 0.1 MHz); measured 0.5%.
    #expect((curve["max_deviation_of_linear_response"] as! Double) < 0.01 * peak, "S101 is the leading order")

    let bath = temporaryPath("zeno-bath")
    try await runDNP([
      "zeno", "bath-times", "--output", bath, "--quiet", "--set", "bath_temperature_min=1.2 K", "--set",
      "bath_temperature_max=12 K", "--set", "bath_temperature_points=2",
    ])
    let t1 = try readJSON(bath + "/result.json")["t1_microseconds"] as! [Double]
    #expect(abs(t1[0] / 160 - 1) < 1e-9 && abs(t1[1] / 1.6 - 1) < 1e-9, "calibrated on Table I's T1")
  }

  /// Every ZL figure at a tiny scale (N = 4, two realizations), with its files.
  @Test func everyZenoFigureAtTinyScale() async throws {
    let files: [String: [String]] = [
      "zeno-fig2": [
        "1.2K_epr_spectrum.csv", "12K_epr_spectrum.csv", "zeno-fig2_1.2K.gp", "zeno-fig2_12K.gp",
      ],
      "zeno-figS5": ["1.2K_profile.csv", "12K_profile.csv", "zeno-figS5_1.2K.gp", "zeno-figS5_12K.gp"],
      "zeno-figS6": ["zeno-figS6_1.2K_epr.gp", "zeno-figS6_12K_profile.gp"],
      "zeno-figS7": ["12K_realizations.csv", "zeno-figS7_12K_epr.gp", "zeno-figS7_12K_profile.gp"],
      "zeno-fig3": ["fig3_spectrum.csv", "fig3_inset.csv", "zeno-fig3.gp", "zeno-fig3_inset.gp"],
      "zeno-figS9": ["figS9_spectrum.csv", "zeno-figS9.gp"],
      "zeno-figS8": ["figS8_profile.csv", "zeno-figS8.gp"],
      "zeno-figS10": ["figS10_spectrum.csv", "zeno-figS10_a.gp", "zeno-figS10_d.gp"],
      "zeno-figS11": ["zeno-figS11_mixing.csv", "zeno-figS11_anderson.gp", "zeno-figS11_zeno.gp"],
      "zeno-bath-times": ["zeno-bath-times.csv", "zeno-bath-times.gp"],
    ]
    #expect(Set(ZenoFigures.names) == Set(files.keys))
    let ensembles: Set<String> = ["zeno-fig2", "zeno-figS5", "zeno-figS6", "zeno-figS7"]
    for (figure, expected) in files {
      let out = temporaryPath(figure)
      var arguments = ["reproduce", figure, "--output", out, "--quiet"]
      if figure == "zeno-figS11" {
        arguments += ["--set", "toy_points=11"]
      } else if figure == "zeno-bath-times" {
        arguments += ["--set", "bath_temperature_points=4"]
      } else {
        arguments +=
          ["--set", "electrons=4"] + (ensembles.contains(figure) ? ["--set", "realizations=2"] : [])
      }
      try await runDNP(arguments)
      for file in expected + ["result.json", "config.toml"] {
        #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(figure): \(file)")
      }
      let result = try readJSON(out + "/result.json")
      if ensembles.contains(figure) {
        let panels = try #require(result["panels"] as? [String: [String: Any]])
        for (tag, panel) in panels {
          #expect(
            (panel["realizations"] as! [Any]).count == 2 && panel["electrons"] as? Int == 4,
            "\(figure) \(tag)")
        }
      }
      if figure == "zeno-figS8" {
        // The localized setting: the irradiated spin 3 is saturated under the nonsecular dynamics only.
        let p = result["polarizations"] as! [String: [Double]]
        #expect(abs(p["nonsecular"]![2]) < 0.1 * abs(p["nonsecular"]![0]), "\(p)")
      }
      if figure == "zeno-fig3" || figure == "zeno-figS10" {
        let spectrum = (result["spectrum"] as! [String: [String: [Double]]])["nonsecular"]!
        #expect(spectrum["eigenvalues"]!.count == 16 && abs(spectrum["eigenvalues"]!.reduce(0, +) - 1) < 1e-9)
      }
    }
  }

  @Test func zenoRefusesKeysItWouldIgnoreAndBadSamples() async throws {
    let sample = try zenoSample()
    await expectRefusal(
      ["zeno", "toy-model", "--set", "temperature=2 K"], ["key 'temperature'", "zeno toy-model"])
    await expectRefusal(["zeno", "steady-state", "--set", "toy_drive=1 MHz"], ["key 'toy_drive'"])
    await expectRefusal(
      ["zeno", "bath-times", "--set", "dipolar_strength=1 MHz"], ["key 'dipolar_strength'"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sample=\(sample)", "--set", "electrons=4"],
      ["key 'electrons' = 4 contradicts the sample file"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sample=\(sample)", "--set", "dipolar_strength=1 MHz"],
      ["key 'dipolar_strength'", "gives the offsets and couplings"])
    let asymmetric = try zenoSample(couplings: "[0, 0.4, 0], [0.3, 0, 0], [0, 0, 0]")
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sample=\(asymmetric)"], ["key 'sample'", "symmetric"])
    let diagonal = try zenoSample(couplings: "[1, 0, 0], [0, 0, 0], [0, 0, 0]")
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sample=\(diagonal)"], ["key 'sample'", "zero diagonal"])
    let short = try zenoSample(offsets: "0, 1")
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sample=\(short)"], ["key 'sample'", "couplings must be 2 × 2"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "electrons=3", "--set", "irradiated=[4]"],
      ["key 'irradiated'", "1 to N = 3"])
    await expectRefusal(
      [
        "zeno", "steady-state", "--set", "electrons=3", "--set", "irradiated=[1]", "--set",
        "microwave_amplitude=0 Hz",
      ],
      ["key 'irradiated' is not used"])
    await expectRefusal(["zeno", "steady-state", "--set", "electrons=14"], ["memory", "'electrons'"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "dynamics=hilbert", "--set", "solver_tolerance=1e-8"],
      ["key 'solver_tolerance'", "no nonsecular"])
    await expectRefusal(["zeno", "steady-state", "--set", "t1=3 K"], ["key 't1'"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "electrons=3", "--set", "epr_bin_width=1 Hz"],
      ["key 'epr_bin_width'", "more than 10⁶"])
    await expectRefusal(
      [
        "zeno", "sweep", "--set", "sample=\(sample)", "--set", "sweep_parameter=dipolar_strength", "--set",
        #"sweep_values=["1 MHz"]"#,
      ], ["key 'sweep_parameter'", "fixed by the sample file"])
    await expectRefusal(
      ["zeno", "steady-state", "--set", "sweep_parameter=temperature"], ["key 'sweep_parameter'"])
    await expectRefusal(["zeno", "toy-model", "--shard", "0/2"], ["--shard"])
    for figure in ZenoFigures.names {
      await expectRefusal(["reproduce", figure, "--set", "sample=\(sample)"], ["key 'sample'", figure])
    }
    await expectRefusal(
      ["reproduce", "zeno-fig2", "--set", "temperature=3 K"], ["key 'temperature'", "sets it itself"])
    await expectRefusal(["reproduce", "zeno-figS11", "--set", "toy_gamma=1 MHz"], ["key 'toy_gamma'"])
    await expectRefusal(["reproduce", "zeno-figS8", "--set", "electrons=2"], ["key 'electrons'", "N ≥ 3"])
  }
}

extension ShardTests {
  @Test func zenoSteadyStateShardsMergeBitForBit() async throws {
    try await expectShardsMergeToTheUnshardedRun(
      ["zeno", "steady-state", "--set", "electrons=3", "--set", "realizations=3"], shards: 2,
      files: ["profile.csv", "epr_spectrum.csv", "realizations.csv"])
  }
}

extension ReproducibilityTests {
  /// Several realizations are bit-identical for any `--threads`; one explicit sample (BLAS threads inside the
  /// nonsecular solve) agrees to 1e-12.
  @Test func zenoIsReproducibleForAnyThreadCount() async throws {
    let ensemble = ["zeno", "steady-state", "--set", "electrons=4", "--set", "realizations=2"]
    let one = try await result(ensemble, threads: 1)
    let two = try await result(ensemble, threads: 2)
    #expect(NSDictionary(dictionary: one).isEqual(to: two), "bit-identical for 1 and 2 threads")
    let explicit = ["zeno", "steady-state", "--set", "sample=\(try zenoSample())"]
    let a = try await result(explicit, threads: 1), b = try await result(explicit, threads: 2)
    func polarizations(_ r: [String: Any]) -> [Double] {
      let p = (r["realizations"] as! [[String: Any]])[0]["polarizations"] as! [String: [Double]]
      return p["hilbert"]! + p["nonsecular"]!
    }
    #expect(
      zip(polarizations(a), polarizations(b)).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($0), abs($1)) })
  }
}

/// `dnp merge` of `zeno steady-state` runs with different seeds: the merged realizations are the runs' own, in
/// order, and the statistics are over all of them.
@Test func zenoRunsWithDifferentSeedsMerge() async throws {
  var folders = [String]()
  var polarizations = [[Double]]()
  for (seed, count) in [(1, 2), (2, 1)] {
    let out = temporaryPath("zeno-seed\(seed)")
    try await runDNP([
      "zeno", "steady-state", "--output", out, "--quiet", "--set", "electrons=3", "--set",
      "realizations=\(count)",
      "--set", "seed=\(seed)", "--set", "dynamics=hilbert",
    ])
    folders.append(out)
    for r in try readJSON(out + "/result.json")["realizations"] as! [[String: Any]] {
      polarizations.append((r["polarizations"] as! [String: [Double]])["hilbert"]!)
    }
  }
  let merged = temporaryPath("zeno-merged")
  try await runDNP(["merge"] + folders + ["--output", merged])
  let result = try readJSON(merged + "/result.json")
  let realizations = result["realizations"] as! [[String: Any]]
  #expect(realizations.map { ($0["polarizations"] as! [String: [Double]])["hilbert"]! } == polarizations)
  let mean = ((result["mean_polarization"] as! [String: Any])["hilbert"] as! [String: Double])["mean"]!
  let expected =
    realizations.map { ($0["total_polarization"] as! [String: Double])["hilbert"]! }.reduce(0, +) / 3
  #expect(abs(mean - expected) < 1e-15)
}
