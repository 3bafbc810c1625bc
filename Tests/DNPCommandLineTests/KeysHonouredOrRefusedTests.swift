import Foundation
import Testing

@testable import DNPCommandLine

/// Runs `dnp arguments --output <fresh folder>` expecting a ``ConfigError`` whose message holds every fragment,
/// and checks that nothing was written.
func expectRefusal(
  _ arguments: [String], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
) async {
  let out = temporaryPath("refused")
  do {
    try await runDNP(arguments + ["--output", out, "--quiet"])
    Issue.record("expected a refusal mentioning \(fragments)", sourceLocation: sourceLocation)
  } catch let e as ConfigError {
    for f in fragments {
      #expect(e.message.contains(f), "'\(e.message)' should mention \(f)", sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
  #expect(
    !FileManager.default.fileExists(atPath: out), "nothing may be written", sourceLocation: sourceLocation)
}

/// A three-electron sample file (the README's example).
func threeElectronSample(hyperfine: String = "0.5, -0.3, 0.2", offsets: String = "-20, 0, 20") throws
  -> String
{
  let path = temporaryPath("sample3") + ".json"
  try
    #"{"electron_offsets_MHz": [\#(offsets)], "dipolar_couplings_MHz": [[0, 5, 1], [5, 0, 3], [1, 3, 0]], "hyperfine_couplings_MHz": [\#(hyperfine)]}"#
    .write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

let tinyTM = ["--set", "electrons=4", "--set", "realizations=2"]

/// Issue 11 item 1: D = 0 decouples the nucleus, and P_n is then not determined (main gave P_n = −0.95 with no
/// warning). It is refused with the reason, for the Gaussian model, in a sweep, and for a sample file whose
/// D_i are all zero; a D too small to resolve is refused too.
@Test func zeroHyperfineCouplingIsRefusedWithTheReason() async throws {
  await expectRefusal(
    ["thermal-mixing", "steady-state"] + tinyTM + ["--set", "hyperfine_strength=0 MHz"],
    ["key 'hyperfine_strength'", "decoupled", "does not determine P_n", "D ≥ 0.0001·ω_n"])
  await expectRefusal(
    ["thermal-mixing", "steady-state"] + tinyTM + ["--set", "hyperfine_strength=1 Hz"],
    ["key 'hyperfine_strength'", "below 1e-4·ω_n = 0.002 MHz"])
  await expectRefusal(
    ["thermal-mixing", "sweep"] + tinyTM + [
      "--set", "sweep_parameter=hyperfine_strength", "--set", #"sweep_values=["0.5 MHz", "0 MHz"]"#,
    ], ["key 'hyperfine_strength'", "decoupled"])
  let zero = try threeElectronSample(hyperfine: "0, 0, 0")
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "sample=\(zero)"], ["key 'sample'", "decoupled"])
}

/// The regular limits are computed: U = 0 is continuous with small U, and T = 1 mK (the lowest accepted)
/// gives a polarization inside [−1, 1].
@Test func regularLimitsAreComputedAndContinuous() async throws {
  func pn(_ extra: [String]) async throws -> Double {
    let out = temporaryPath("limit")
    try await runDNP(["thermal-mixing", "steady-state", "--output", out, "--quiet"] + tinyTM + extra)
    return try readJSON(out + "/result.json")["nuclear_polarization"] as! Double
  }
  let u0 = try await pn(["--set", "dipolar_strength=0 MHz"])
  let uSmall = try await pn(["--set", "dipolar_strength=1 kHz"])
  #expect(abs(u0 - uSmall) < 1e-4, "U = 0: \(u0), U = 1 kHz: \(uSmall)")
  let cold = try await pn(["--set", "temperature=1 mK"])
  #expect(cold.isFinite && abs(cold) <= 1)
  // The D → 0 limit is finite: D = 10 kHz and the default 0.5 MHz agree to 1e-4 (measured: 2e-5).
  let d0 = try await pn([])
  let dSmall = try await pn(["--set", "hyperfine_strength=10 kHz"])
  #expect(abs(d0 - dSmall) < 1e-4, "D = 0.5 MHz: \(d0), D = 10 kHz: \(dSmall)")
}

/// Issue 11 item 2: keys a task would ignore are refused, naming the key, before anything is written.
@Test func ignoredKeysAreRefused() async throws {
  let steady = ["thermal-mixing", "steady-state"] + tinyTM
  await expectRefusal(
    steady + ["--set", "field=1 T"], ["key 'field'", "only matters when `field` is swept"])
  await expectRefusal(steady + ["--set", "ising=true"], ["key 'ising'", "coupling_model = \"dipolar\""])
  await expectRefusal(
    steady + ["--set", "concentration=30 mM"], ["key 'concentration'", "coupling_model = \"dipolar\""])
  await expectRefusal(
    steady + ["--set", "coupling_model=dipolar", "--set", "dipolar_strength=3 MHz"],
    ["key 'dipolar_strength'", "derives U_ij from 'concentration'"])
  await expectRefusal(
    steady + ["--set", "sweep_parameter=temperature"],
    ["key 'sweep_parameter'", "only `thermal-mixing sweep`"])
  await expectRefusal(
    ["anderson", "steady-state", "--set", "size=3", "--set", #"sweep_values=["1 MHz"]"#],
    ["key 'sweep_values'", "anderson steady-state computes one point"])
  await expectRefusal(
    ["thermal-mixing", "eth", "--set", "electrons=4", "--set", "temperature=2 K"],
    ["key 'temperature'", "eth", "does not read it"])
  await expectRefusal(
    ["thermal-mixing", "spin-temperature", "--set", "hyperfine_strength=2 MHz"],
    ["key 'hyperfine_strength'", "spin-temperature"])
  await expectRefusal(
    ["reproduce", "thermal-mixing-fig3-coupling", "--set", "dipolar_strength=3 MHz"],
    ["key 'dipolar_strength'", "sets it itself"])
  await expectRefusal(
    ["reproduce", "thermal-mixing-fig4", "--set", "electrons=4"], ["key 'electrons'", "sets it itself"])
  // A key at its default is what the task does anyway: a complete config file is accepted.
  let out = temporaryPath("defaults")
  try await runDNP(
    [
      "thermal-mixing", "steady-state", "--output", out, "--quiet", "--set", "ising=false", "--set",
      "field=3350 mT",
    ]
      + tinyTM)
  #expect(FileManager.default.fileExists(atPath: out + "/result.json"))
}

/// Issue 8's reproduced defects and issue 11's sample items: a sample with a figure, with a sweep of a key
/// it fixes, or with `electrons`/`realizations` that contradict it, is refused; a sample run records N and
/// one realization.
@Test func sampleFilesAreHonouredOrRefused() async throws {
  let sample = try threeElectronSample()
  await expectRefusal(
    ["reproduce", "thermal-mixing-fig2", "--set", "sample=\(sample)"],
    ["key 'sample'", "thermal-mixing-fig2 draws its own random realizations"])
  await expectRefusal(
    [
      "thermal-mixing", "sweep", "--set", "sample=\(sample)", "--set", "sweep_parameter=electrons", "--set",
      "sweep_values=[4,6]",
    ], ["key 'sweep_parameter'", "'electrons' is fixed by the sample file"])
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "sample=\(sample)", "--set", "electrons=5"],
    ["key 'electrons' = 5 contradicts the sample file", "fixes it to 3"])
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "sample=\(sample)", "--set", "realizations=3"],
    ["key 'realizations' = 3 contradicts the sample file"])
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "sample=\(sample)", "--set", "hyperfine_strength=2 MHz"],
    ["key 'hyperfine_strength'", "gives the offsets and couplings"])
  let out = temporaryPath("sample-run")
  try await runDNP([
    "thermal-mixing", "steady-state", "--output", out, "--quiet", "--set", "sample=\(sample)",
  ])
  let config = (try readJSON(out + "/result.json")["metadata"] as! [String: Any])["config"] as! [String: Any]
  #expect(config["electrons"] as? Int == 3 && config["realizations"] as? Int == 1)
  // A sweep of a key the sample does not fix runs.
  let sweep = temporaryPath("sample-sweep")
  try await runDNP([
    "thermal-mixing", "sweep", "--output", sweep, "--quiet", "--set", "sample=\(sample)", "--set",
    "sweep_parameter=temperature", "--set", #"sweep_values=["1 K", "2 K"]"#,
  ])
  #expect(FileManager.default.fileExists(atPath: sweep + "/sweep.csv"))
}

/// Issue 11 item 10: a sample file with more electrons than exact diagonalization accepts blames the file,
/// not the key `electrons` the user never set; `eth` refuses odd N.
@Test func sampleAndEthSizeMessagesNameTheirSource() async throws {
  let n = 20
  let zeros = "[" + Array(repeating: "0", count: n).joined(separator: ", ") + "]"
  let matrix = "[" + Array(repeating: zeros, count: n).joined(separator: ", ") + "]"
  let path = temporaryPath("sample20") + ".json"
  try
    #"{"electron_offsets_MHz": \#(zeros), "dipolar_couplings_MHz": \#(matrix), "hyperfine_couplings_MHz": \#(zeros)}"#
    .write(toFile: path, atomically: true, encoding: .utf8)
  await expectRefusal(
    ["thermal-mixing", "steady-state", "--set", "sample=\(path)"],
    ["key 'sample'", "has 20 electrons; at most 16"])
  await expectRefusal(["thermal-mixing", "eth", "--set", "electrons=5"], ["key 'electrons'", "even N ≥ 2"])
  await expectRefusal(["thermal-mixing", "eth", "--set", "electrons=1"], ["key 'electrons'", "even N ≥ 2"])
}

/// Issue 11 item 1, Anderson: a nucleus with neither hyperfine coupling nor leakage is refused (main wrote
/// P_n = NaN); the clean lattice (w = 0) computes P_n, continuous with small w, and warns that the
/// eigenfunction diagnostics are not determined there.
@Test func andersonDegenerateLimits() async throws {
  await expectRefusal(
    [
      "anderson", "steady-state", "--set", "size=3", "--set", "hyperfine=0 Hz", "--set",
      "nuclei_per_electron=0",
    ],
    ["keys 'hyperfine' and 'nuclei_per_electron'", "decoupled"])
  var pn = [Double]()
  for w in ["0 MHz", "1 kHz"] {
    let out = temporaryPath("clean")
    try await runDNP([
      "anderson", "steady-state", "--output", out, "--quiet", "--set", "size=4", "--set", "realizations=1",
      "--set", "disorder_width=\(w)",
    ])
    let result = try readJSON(out + "/result.json")
    pn.append(result["nuclear_polarization"] as! Double)
    let warnings = (result["metadata"] as! [String: Any])["warnings"] as! [String]
    #expect(warnings.contains { $0.contains("disorder_width = 0") } == (w == "0 MHz"))
  }
  #expect(abs(pn[0] - pn[1]) < 1e-6 * abs(pn[0]), "\(pn)")
  // T → 0: the lowest accepted temperature computes a polarization inside [−1, 1].
  let cold = temporaryPath("cold")
  try await runDNP([
    "anderson", "steady-state", "--output", cold, "--quiet", "--set", "size=3", "--set", "realizations=1",
    "--set", "temperature=1 mK",
  ])
  let coldPn = try readJSON(cold + "/result.json")["nuclear_polarization"] as! Double
  #expect(coldPn.isFinite && abs(coldPn) <= 1, "\(coldPn)")
}

/// Issue 11 item 2, Anderson: keys a task does not read are refused (the density of states reads no
/// temperature; the overlap task no microwaves; the P_n tasks no histogram bins).
@Test func andersonTasksRefuseKeysTheyDoNotRead() async throws {
  await expectRefusal(
    ["anderson", "dos", "--set", "size=3", "--set", "temperature=2 K"],
    ["key 'temperature'", "anderson dos (the density of states"])
  await expectRefusal(
    ["anderson", "overlap", "--set", "size=3", "--set", "microwave_amplitude=50 kHz"],
    ["key 'microwave_amplitude'", "anderson overlap"])
  await expectRefusal(
    ["anderson", "steady-state", "--set", "size=3", "--set", "dos_bins=10"], ["key 'dos_bins'"])
  await expectRefusal(
    ["reproduce", "anderson-fig2", "--set", "size=3", "--set", "t1n=1 s"], ["key 't1n'", "anderson-fig2"])
  await expectRefusal(
    ["reproduce", "anderson-fig3", "--set", "size=3", "--set", "hopping=2 MHz"],
    ["key 'hopping'", "sweeps the hopping"])
}

/// Issue 8 item 2: every figure and task fed the risky combinations either runs correctly or refuses
/// clearly (a ConfigError naming the key), never crashes and never ignores the sample.
@Test func riskyCombinationsRunOrRefuseClearly() async throws {
  let sample = try threeElectronSample()
  for figure in ThermalMixingFigures.names {
    await expectRefusal(["reproduce", figure, "--set", "sample=\(sample)"], ["key 'sample'", figure])
  }
  for key in ThermalMixingConfig.sweepable where ThermalMixingConfig.sampleDetermined.contains(key) {
    let value = key == "electrons" ? "[4, 6]" : key == "concentration" ? #"["5 mM"]"# : #"["2 MHz"]"#
    await expectRefusal(
      [
        "thermal-mixing", "sweep", "--set", "sample=\(sample)", "--set", "sweep_parameter=\(key)", "--set",
        "sweep_values=\(value)",
      ], ["key 'sweep_parameter'", "'\(key)' is fixed by the sample file"])
  }
  await expectRefusal(
    [
      "thermal-mixing", "sweep", "--set", "sample=\(sample)", "--set", "sweep_parameter=field", "--set",
      #"sweep_values=["1 T", "2 T"]"#,
    ], ["key 'sweep_parameter'", "sweeping 'field' scales the offsets"])
  // The Anderson figures honour a sample (L = 2 from 8 offsets): the recorded size and realizations are the
  // sample's.
  let offsets = temporaryPath("offsets") + ".json"
  try #"{"site_offsets_MHz": [-40, 10, 30, -5, 25, -50, 0, 15]}"#.write(
    toFile: offsets, atomically: true, encoding: .utf8)
  for figure in ["anderson-fig3", "anderson-fig7"] {
    let out = temporaryPath(figure)
    try await runDNP([
      "reproduce", figure, "--output", out, "--quiet", "--set", "sample=\(offsets)", "--set",
      #"sweep_values=["2 MHz", "8 MHz"]"#,
    ])
    let config = (try readJSON(out + "/result.json")["metadata"] as! [String: Any])["config"] as! [String: Any]
    #expect(config["size"] as? Int == 2 && config["realizations"] as? Int == 1, "\(figure)")
  }
  await expectRefusal(
    [
      "anderson", "sweep", "--set", "sample=\(offsets)", "--set", "sweep_parameter=size", "--set",
      "sweep_values=[2, 3]",
    ], ["key 'sweep_parameter'", "fixed by the explicit sample"])
  await expectRefusal(
    ["anderson", "steady-state", "--set", "sample=\(offsets)", "--set", "size=4"],
    ["key 'size' = 4 contradicts the sample file"])
}
