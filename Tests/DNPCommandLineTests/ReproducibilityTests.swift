import Foundation
import Testing

@testable import DNPCommandLine

/// SPEC §6 (amended): results do not depend on `--threads` beyond 1e-12 relative, and are bit-identical where
/// the parallelism is our own (realizations, thermal-mixing sectors). Checked on one explicit sample per model,
/// where all threads go inside the single item.
@Suite struct ReproducibilityTests {
  func result(_ arguments: [String], threads: Int) async throws -> [String: Any] {
    let out = temporaryPath("threads\(threads)")
    try await runDNP(arguments + ["--output", out, "--threads", "\(threads)", "--quiet"])
    var r = try readJSON(out + "/result.json")
    r["metadata"] = nil
    return r
  }

  @Test func thermalMixingSampleIsBitIdenticalForAnyThreadCount() async throws {
    // Six electrons, so the sectors (M = −3…3) are spread over the threads.
    let offsets = [-40.0, -25, -8, 3, 21, 37]
    func coupling(_ i: Int, _ j: Int) -> Double { i == j ? 0 : Double((i + 1) * (j + 1) % 7) - 3 }
    let couplings: [[Double]] = (0..<6).map { i in (0..<6).map { j in coupling(i, j) } }
    let sample = temporaryPath("tm-sample") + ".json"
    let json: [String: Any] = [
      "electron_offsets_MHz": offsets, "dipolar_couplings_MHz": couplings,
      "hyperfine_couplings_MHz": [0.4, -0.2, 0.3, 0.1, -0.5, 0.25],
    ]
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: sample))
    let arguments = ["thermal-mixing", "steady-state", "--set", "sample=\(sample)"]
    let one = try await result(arguments, threads: 1)
    let three = try await result(arguments, threads: 3)
    #expect(NSDictionary(dictionary: one).isEqual(to: three), "bit-identical for 1 and 3 threads")
    #expect(abs(one["nuclear_polarization"] as! Double) > 1e-3)
  }

  @Test func andersonSampleAgreesTo1e12ForAnyThreadCount() async throws {
    // L = 5 (125 sites): one dense eigenproblem, whose threads go to BLAS.
    let offsets = (0..<125).map { Double(($0 * 37) % 125) * 0.8 - 50 }
    let sample = temporaryPath("anderson-sample") + ".json"
    try JSONSerialization.data(withJSONObject: ["site_offsets_MHz": offsets])
      .write(to: URL(fileURLWithPath: sample))
    let arguments = ["anderson", "steady-state", "--set", "sample=\(sample)"]
    let one = try await result(arguments, threads: 1)
    let two = try await result(arguments, threads: 2)
    let keys = [
      "nuclear_polarization", "nuclear_polarization_goe", "nuclear_polarization_closed_form", "ipr",
      "level_spacing_ratio", "overlap_at_larmor", "correlation_at_larmor", "mean_bias",
    ]
    for key in keys {
      let a = one[key] as! Double, b = two[key] as! Double
      #expect(abs(a - b) <= 1e-12 * max(abs(a), abs(b)), "\(key): \(a) vs \(b)")
    }
    #expect((one["nuclear_polarization"] as! Double) > 1e-3)
  }
}
