import CrossEffect
import Foundation
import Testing

@testable import DNPCommandLine

/// `dnp cross-effect …` end to end at tiny sizes (1–3 nuclei), its numbers against the library, its refusals,
/// shard + merge, and every ce figure at tiny scale.
@Suite struct CrossEffectCommandTests {
  let twoPi = 2 * Double.pi

  /// A sample file with two nuclei (real B) and the same couplings as spins for the library (rad/s).
  func writeSample(nuclei: Int = 2, badShape: Bool = false) throws -> (path: String, spins: CrossEffectSpins) {
    let a = [[0.02, 0.0, 0.01, 0, 0, 0, 0], [0.0, 0.03, 0, 0, 0, 0, 0]].map { Array($0.prefix(nuclei)) }
    let b = [[0.1, 0.0, 0.02, 0, 0, 0, 0], [0.0, 0.1, 0, 0.01, 0, 0, 0]].map { Array($0.prefix(nuclei)) }
    var d = [[Double]](repeating: [Double](repeating: 0, count: nuclei), count: nuclei)
    if nuclei > 1 {
      d[0][1] = 1e-5
      d[1][0] = 1e-5
    }
    let sample: [String: Any] = [
      "electron_offsets_MHz": [0, 145], "electron_coupling_MHz": 0.3,
      "hyperfine_secular_MHz": badShape ? [a[0]] : a, "hyperfine_pseudosecular_MHz": b, "nuclear_dipolar_MHz": d,
    ]
    let path = temporaryPath("ce-sample") + ".json"
    try JSONSerialization.data(withJSONObject: sample).write(to: URL(fileURLWithPath: path))
    let m = 1e6 * twoPi
    return (
      path,
      CrossEffectSpins(
        secularHyperfine: a.map { $0.map { $0 * m } }, pseudosecularHyperfine: b.map { $0.map { [$0 * m, 0] } },
        nuclearCouplings: d.map { $0.map { $0 * m } })
    )
  }

  /// result.json's results (metadata removed: it records the thread counts).
  func withoutMetadata(_ directory: String) throws -> NSDictionary {
    var r = try readJSON(directory + "/result.json")
    r["metadata"] = nil
    return r as NSDictionary
  }

  func polarizations(_ result: [String: Any]) -> (electrons: [Double], nuclei: [Double]) {
    let p = result["polarizations"] as! [String: Any]
    return (p["electrons"] as! [Double], p["nuclei"] as! [Double])
  }

  /// The CLI's steady states (full and projected) equal the library's for an explicit sample, to 1e-10 (p goes
  /// through the unit conversion of "100 GHz" and "70 K" here and in the CLI, and the full steady state is an
  /// iterative solve to an estimated 1e-10); the two methods agree to 2e-2 only (the coherent Fig. 1c
  /// parameters have η1 = 1, where the projection is known to be off by ~1e-2).
  @Test func steadyStateEqualsTheLibraryForAnExplicitSample() async throws {
    let (path, spins) = try writeSample()
    var p = CrossEffectParameters.figure1c(coherent: true)
    p.electronPolarization = tanh(1.054_571_817e-34 * twoPi * 100e9 / (2 * 1.380_649e-23 * 70))
    p.electronCoupling = twoPi * 0.3e6
    var results: [String: (electrons: [Double], nuclei: [Double])] = [:]
    for method in ["full", "projected"] {
      let out = temporaryPath("ce-ss-\(method)")
      try await runDNP(["cross-effect", "steady-state", "--set", "sample=\(path)", "--set", "method=\(method)", "--output", out, "--quiet"])
      let cli = polarizations(try readJSON(out + "/result.json"))
      let library: (electrons: [Double], nuclei: [Double])
      if method == "full" {
        let model = try CrossEffectModel(parameters: p, spins: spins)
        library = model.relativePolarizations(try model.lindbladian.steadyState(options: .init(tolerance: 1e-10)).rho)
      } else {
        let zp = try ZeemanProjection(parameters: p, spins: spins)
        library = zp.relativePolarizations(try zp.stationaryPopulations())
      }
      for (x, y) in zip(cli.electrons + cli.nuclei, library.electrons + library.nuclei) {
        #expect(abs(x - y) <= 1e-10 * max(1, abs(y)), "\(method): \(x) vs \(y)")
      }
      #expect(cli.nuclei.count == 2)
      results[method] = cli
    }
    for (x, y) in zip(results["full"]!.nuclei, results["projected"]!.nuclei) { #expect(abs(x - y) < 2e-2) }
  }

  /// Microwaves off: the steady state is thermal, electrons +1 and nuclei 0 (1e-6), by both methods; evolve
  /// starts from ρ_th at t = 0 (electrons exactly +1, nuclei 0) and writes the documented layout.
  @Test func microwavesOffIsThermalAndEvolveStartsThermal() async throws {
    for method in ["full", "projected"] {
      let out = temporaryPath("ce-off-\(method)")
      try await runDNP([
        "cross-effect", "steady-state", "--set", "microwave_amplitude=0 Hz", "--set", "method=\(method)", "--set",
        "preset=pentagon", "--output", out, "--quiet",
      ])
      let r = polarizations(try readJSON(out + "/result.json"))
      #expect(r.electrons.allSatisfy { abs($0 - 1) < 1e-6 } && r.nuclei.allSatisfy { abs($0) < 1e-6 }, "\(r)")
      let ev = temporaryPath("ce-ev-\(method)")
      try await runDNP([
        "cross-effect", "evolve", "--set", "method=\(method)", "--set", "times=[\"0 s\", \"1 ms\", \"1 s\", \"100 s\"]",
        "--output", ev, "--quiet",
      ])
      let result = try readJSON(ev + "/result.json")
      #expect(result["times_s"] as! [Double] == [0, 1e-3, 1, 100])
      let curves = result["polarizations"] as! [String: [[Double]]]
      #expect(curves["electrons"]!.count == 2 && curves["nuclei"]!.count == 1 && curves["nuclei"]![0].count == 4)
      #expect(abs(curves["electrons"]![0][0] - 1) < 1e-9 && abs(curves["nuclei"]![0][0]) < 1e-9)
      #expect(curves["nuclei"]![0][3] > 0.3, "the nucleus builds up by 100 s")
      #expect(((result["units"] as! [String: String])["polarizations"] ?? "").contains("tanh"))
      #expect(FileManager.default.fileExists(atPath: ev + "/evolution.csv"))
    }
  }

  /// conditions, rates and kmc end to end: their numbers are those of the library for the defaults.
  @Test func conditionsRatesAndKineticMonteCarlo() async throws {
    let c = temporaryPath("ce-conditions")
    try await runDNP(["cross-effect", "conditions", "--output", c, "--quiet"])
    let conditions = try readJSON(c + "/result.json")
    let p = CrossEffectParameters.figure1c(coherent: true)
    #expect(abs((conditions["eta"] as! Double) - p.electronDecoherence / p.electronRelaxation) < 1e-9)
    #expect((conditions["first_electron"] as! [Any]).count == 2)  // Δ̄_1 = ±D (A = 0)
    #expect((conditions["holds"] as! [String: Any])["incoherent"] as? Bool == false)  // min η1 = (R2/ω1)² = 1 here

    let r = temporaryPath("ce-rates")
    try await runDNP(["cross-effect", "rates", "--output", r, "--quiet"])
    let kinds = ((try readJSON(r + "/result.json"))["rate_classes"] as! [[String: Any]]).map { $0["kind"] as! String }
    #expect(kinds.contains("crossEffect") && kinds.contains("electronFlipFlop") && kinds.contains("microwave"))

    let k = temporaryPath("ce-kmc")
    try await runDNP([
      "cross-effect", "kmc", "--set", "trajectories=4", "--set", "duration=1 s", "--set", "time_points=3",
      "--set", "preset=pentagon", "--output", k, "--quiet", "--threads", "1",
    ])
    let kmc = try readJSON(k + "/result.json")
    #expect((kmc["final_nuclei"] as! [Double]).count == 3)
    #expect(kmc["core_nuclei"] as! [Int] == [0, 1] && kmc["bulk_nuclei"] as! [Int] == [2])
    #expect((kmc["times_s"] as! [Double]) == [0, 0.5, 1])
    #expect((kmc["events"] as! Int) > 0)
    // The same trajectories on two threads: bit-identical (trajectory t draws from stream (seed, t)).
    let k2 = temporaryPath("ce-kmc2")
    try await runDNP([
      "cross-effect", "kmc", "--set", "trajectories=4", "--set", "duration=1 s", "--set", "time_points=3",
      "--set", "preset=pentagon", "--output", k2, "--quiet", "--threads", "2",
    ])
    #expect(try withoutMetadata(k) == withoutMetadata(k2))
  }

  /// A powder average over field orientations is sharded by orientation; the merged shards are the
  /// unsharded run bit for bit.
  @Test func powderShardsMergeBitIdentically() async throws {
    let geometry = temporaryPath("ce-geometry") + ".json"
    try Data(
      #"{"electrons": [[-6, 0, 0], [6, 0, 0]], "nuclei": [[-9, 1, 0], [9, 0, 1.5]], "electron_coupling_MHz": 0.5}"#
        .utf8
    ).write(to: URL(fileURLWithPath: geometry))
    let common = ["cross-effect", "steady-state", "--set", "geometry=\(geometry)", "--set", "powder_orientations=3", "--quiet"]
    let whole = temporaryPath("ce-powder"), a = temporaryPath("ce-shard-a"), b = temporaryPath("ce-shard-b")
    let merged = temporaryPath("ce-merged")
    try await runDNP(common + ["--output", whole])
    #expect(try await runDNP(common + ["--output", a, "--shard", "0/2"]) != nil)
    #expect(try await runDNP(common + ["--output", b, "--shard", "1/2"]) != nil)
    try await runDNP(["merge", a, b, "--output", merged])
    #expect(try resultWithoutTiming(whole) == resultWithoutTiming(merged))
    #expect((try readJSON(whole + "/result.json"))["orientations"] as? Int == 3)

    // Random protons from a geometry file through kmc: positions reach the per-nucleus table.
    let random = temporaryPath("ce-random") + ".json"
    try Data(
      #"{"electrons": [[-7, 0, 0], [7, 0, 0]], "random_protons": {"count": 3, "concentration_M": 60, "exclusion_radius_A": 5}}"#
        .utf8
    ).write(to: URL(fileURLWithPath: random))
    let k = temporaryPath("ce-kmc-geometry")
    try await runDNP([
      "cross-effect", "kmc", "--set", "geometry=\(random)", "--set", "trajectories=2", "--set", "duration=1 s",
      "--set", "time_points=2", "--output", k, "--quiet",
    ])
    let rows = try String(contentsOfFile: k + "/kmc_nuclei.csv", encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(rows.count == 3)
    #expect(rows.allSatisfy { Double($0.split(separator: ",")[2])?.isFinite == true })  // an x position, not nan
  }

  /// kMC trajectories split into work items: shards of the items merge into the unsharded run bit for bit
  /// (the merge rereads config.toml, where `times` and the defaults of the range keys must not collide), and
  /// the block size does not change the numbers.
  @Test func kineticMonteCarloTrajectoryShardsMergeBitIdentically() async throws {
    let common = [
      "cross-effect", "kmc", "--set", "trajectories=12", "--set", "times=[\"0 s\", \"0.1 s\", \"0.2 s\"]",
      "--quiet",
    ]
    let whole = temporaryPath("ce-kmc-blocks"), a = temporaryPath("ce-kmc-a"), b = temporaryPath("ce-kmc-b")
    let merged = temporaryPath("ce-kmc-merged"), single = temporaryPath("ce-kmc-single")
    let blocks = ["--set", "trajectories_per_item=5"]
    try await runDNP(common + blocks + ["--output", whole])
    #expect(try await runDNP(common + blocks + ["--output", a, "--shard", "0/2"]) != nil)
    #expect(try await runDNP(common + blocks + ["--output", b, "--shard", "1/2"]) != nil)
    try await runDNP(["merge", a, b, "--output", merged])
    #expect(try resultWithoutTiming(whole) == resultWithoutTiming(merged))
    try await runDNP(common + ["--set", "trajectories_per_item=12", "--output", single])
    let one = try readJSON(single + "/result.json"), three = try readJSON(whole + "/result.json")
    #expect((one["total"] as? [Double]) == (three["total"] as? [Double]))
    #expect((one["final_nuclei"] as? [Double]) == (three["final_nuclei"] as? [Double]))
    #expect((three["trajectories"] as? Int) == 12)
  }

  /// Bad keys, bad sample shapes, too many nuclei and contradictory combinations are refused before anything
  /// is written, each naming its key.
  @Test func refusals() async throws {
    let (tooMany, _) = try writeSample(nuclei: 7)
    let (bad, _) = try writeSample(badShape: true)
    let (good, _) = try writeSample()
    let cases: [([String], String)] = [
      (["cross-effect", "steady-state", "--set", "trajectories=5"], "'trajectories'"),
      (["cross-effect", "steady-state", "--set", "sample=\(bad)"], "'sample'"),
      (["cross-effect", "steady-state", "--set", "sample=\(tooMany)"], "'method'"),
      (["cross-effect", "evolve", "--set", "sample=\(good)", "--set", "electron_coupling=1 MHz"], "'electron_coupling'"),
      (["cross-effect", "steady-state", "--set", "sample=\(good)", "--set", "preset=pentagon"], "'preset'"),
      (["cross-effect", "steady-state", "--set", "powder_orientations=4"], "'powder_orientations'"),
      (["cross-effect", "steady-state", "--set", "nuclear_coupling=1 kHz"], "'nuclear_coupling'"),
      (["cross-effect", "evolve", "--set", "times=[\"1 s\"]", "--set", "time_points=5"], "'time_points'"),
      (["cross-effect", "evolve", "--set", "times=[\"1 s\", \"1 ms\"]"], "'times'"),
      (["cross-effect", "evolve", "--set", "times=[]"], "key 'times': [] is not a non-empty array"),
      (["cross-effect", "steady-state", "--set", "electron_offsets=[\"0 MHz\"]"], "'electron_offsets'"),
      (["cross-effect", "steady-state", "--set", "temperature=70"], "'temperature'"),
      (["cross-effect", "conditions", "--shard", "0/2"], "--shard"),
      (["cross-effect", "sweep", "--set", "sweep_parameter=seed", "--set", "sweep_values=[1, 2]"], "'sweep_parameter'"),
      (["reproduce", "ce-fig2c", "--set", "electron_coupling=1 MHz"], "'electron_coupling'"),
      (["reproduce", "ce-fig2c", "--set", "sample=\(good)"], "'sample'"),
    ]
    for (arguments, key) in cases {
      let out = temporaryPath("ce-refused")
      do {
        try await runDNP(arguments + ["--output", out, "--quiet"])
        Issue.record("accepted: \(arguments)")
      } catch let e as ConfigError {
        #expect(e.message.contains(key), "\(arguments): \(e.message)")
      }
      #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
    }
  }

  /// A sweep of D through the generic sweep task.
  @Test func sweepOfTheElectronCoupling() async throws {
    let out = temporaryPath("ce-sweep")
    try await runDNP([
      "cross-effect", "sweep", "--set", "sweep_parameter=electron_coupling", "--set",
      "sweep_values=[\"0.1 MHz\", \"1 MHz\"]", "--set", "method=projected", "--output", out, "--quiet",
    ])
    let points = (try readJSON(out + "/result.json"))["points"] as! [[String: Any]]
    #expect(points.count == 2 && points.allSatisfy { polarizations($0).nuclei.count == 1 })
  }

  /// Every ce figure at tiny scale writes its tables and result.
  @Test func everyCrossEffectFigureAtTinyScale() async throws {
    let runs: [(String, [String], [String])] = [
      ("ce-fig1c", ["--set", "time_points=5"], ["fig1c_coherent.csv", "fig1c_incoherent.csv"]),
      ("ce-fig2ab", ["--set", "coupling_points=2", "--set", "time_points=9"], ["fig2ab_w1_1.0kHz.csv"]),
      ("ce-fig2c", ["--set", "coupling_points=1", "--set", "time_points=3"], ["fig2c_w1_3.0kHz.csv"]),
      (
        "ce-fig2de",
        ["--set", "protons=4", "--set", "trajectories=2", "--set", "duration=10 s", "--set", "time_points=3"],
        ["fig2e_diffusion.csv", "fig2d_no_diffusion.csv"]
      ),
    ]
    #expect(Set(runs.map(\.0)) == Set(CrossEffectFigures.recipes.map(\.name)))
    for (figure, settings, files) in runs {
      let out = temporaryPath(figure)
      try await runDNP(["reproduce", figure, "--output", out, "--quiet"] + settings)
      for file in files + ["result.json", "config.toml"] {
        #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(figure): \(file)")
      }
      // The run's config.toml repeats it (its defaults and presets are comments, so no key collides).
      let again = temporaryPath(figure + "-again")
      try await runDNP(["reproduce", figure, "--config", out + "/config.toml", "--output", again, "--quiet"])
      #expect(try resultWithoutTiming(out) == resultWithoutTiming(again), "\(figure): rerun from config.toml")
      let series = (try readJSON(out + "/result.json"))["series"] as! [String: Any]
      switch figure {
      case "ce-fig1c":
        let coherent = series["coherent"] as! [String: Any]
        #expect((coherent["times_s"] as! [Double]).count == 5)
      case "ce-fig2c":
        let error = ((series["points"] as! [[String: Any]])[0]["error"] as! Double)
        #expect(error >= 0 && error < 0.05)
      case "ce-fig2ab":
        #expect((series["points"] as! [Any]).count == 6)
      default:
        #expect((series["diffusion"] as! [String: Any])["final_nuclei"] as! [Double] != [])
      }
    }
  }
}
