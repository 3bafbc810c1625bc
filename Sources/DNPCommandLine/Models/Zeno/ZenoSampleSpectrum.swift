import DNPNumerics
import Foundation
import MasterEquations
import ZenoLocalization

/// One sample's two stationary states and the spectra of their density matrices (ZL Fig. 3, S8–S10): the
/// checkpoint of a single-sample figure.
struct ZenoSampleSpectrum: Codable, Sendable {
  /// Δ_i (rad/s).
  var offsets: [Double]
  var hilbertPolarizations: [Double]
  var nonsecularPolarizations: [Double]
  var solver: ZenoSolverRecord
  /// The eigenvectors of each ρ_stat in order of ⟨λ|H_S|λ⟩ (for Hilbert: the eigenstates of H_S).
  var hilbert: [DensityEigenvector]
  var nonsecular: [DensityEigenvector]
  /// e^{−βH_S}/Z on the eigenstates of H_S, in the order of ``hilbert``.
  var boltzmann: [Double]
  /// The indices λ where a new sector of constant S^z begins among the Hilbert eigenvectors.
  var sectorStarts: [Int]

  /// Realization 0 of `c`'s seed, both dynamics.
  /// - Complexity: the nonsecular solve, one zheevd of 2^N × 2^N, and one SVD of 2^{N/2} × 2^{N/2} per
  ///   eigenvector for each state (N = 12: ~16 M unknowns, a 4096² eigenproblem).
  init(config c: ResolvedConfig, report: @escaping (Double) -> Void) throws {
    let sample = ZenoConfig.sample(c, explicit: nil, realization: 0)
    let model: ZenoModel
    do { model = try ZenoModel(parameters: ZenoConfig.parameters(c), sample: sample) } catch let e
      as ZenoModelError
    {
      throw ConfigError("this configuration cannot be simulated: \(e.message)")
    }
    offsets = sample.offsets
    let h = try model.hilbertSteadyState()
    let options = ZenoConfig.solverOptions(c), tolerance = log(options.tolerance)
    let n = try model.nonsecularSteadyState(options: options) { _, error in
      if error > 0 && error.isFinite { report(min(0.9, max(0, log(error) / tolerance))) }
    }
    hilbertPolarizations = h.polarizations
    nonsecularPolarizations = n.polarizations
    solver = ZenoSolverRecord(
      iterations: n.state.iterations, residual: n.state.relativeResidual, errorEstimate: n.state.errorEstimate
    )
    hilbert = try model.spectrum(of: h)
    nonsecular = try model.spectrum(of: n.state.rho)
    let p = model.parameters
    let exponents = hilbert.map { -p.beta * ($0.relativeEnergy + p.microwaveFrequency * $0.magnetization) }
    let top = exponents.max() ?? 0
    let weights = exponents.map { exp($0 - top) }
    let z = weights.reduce(0, +)
    boltzmann = weights.map { $0 / z }
    let sectors = hilbert.map { Int((2 * $0.magnetization).rounded()) }
    sectorStarts = sectors.indices.dropFirst().filter { sectors[$0] != sectors[$0 - 1] }
  }

  /// The x positions of the sector boundaries on plots against λ (half-way between neighbouring indices).
  var sectorBoundaries: [Double] { sectorStarts.map { Double($0) - 0.5 } }

  /// The Hilbert indices of the (up to) 100 eigenvectors in the middle of the sector closest to S^z = 0.
  var middle: Range<Int> {
    let sectors = hilbert.map { abs($0.magnetization) }
    let smallest = sectors.min() ?? 0
    let members = sectors.indices.filter { abs(sectors[$0] - smallest) < 0.25 }
    guard let first = members.first, let last = members.last else { return 0..<0 }
    let count = min(100, last - first + 1)
    let start = first + (last - first + 1 - count) / 2
    return start..<(start + count)
  }

  var middleCount: Int { middle.count }

  /// The density of ⟨λ|S^z_i|λ⟩ over every spin of the ``middle`` eigenvectors (Fig. 3 inset), 20 bins.
  func middleHistogram(_ which: KeyPath<ZenoSampleSpectrum, [DensityEigenvector]>) -> Histogram {
    var h = Histogram(range: -0.5...0.5, bins: 20)
    let values = self[keyPath: which][middle].flatMap(\.spinExpectations)
    for v in values { if let b = h.bin(of: v) ?? (v >= 0.5 ? 19 : nil) { h.values[b] += 1 } }
    let total = Double(max(1, values.count)) * h.binWidth
    h.values = h.values.map { $0 / total }
    return h
  }

  /// result.json of a single-sample figure.
  func result(figure: String) -> ZenoSampleSpectrumReport {
    let toMHz = 1 / ZenoConfig.megahertz
    func report(_ xs: [DensityEigenvector]) -> ZenoDensitySpectrumReport {
      ZenoDensitySpectrumReport(
        eigenvalues: xs.map(\.weight), entanglementEntropy: xs.map(\.entanglementEntropy),
        relativeEnergyMHz: xs.map { $0.relativeEnergy * toMHz }, magnetization: xs.map(\.magnetization))
    }
    return ZenoSampleSpectrumReport(
      figure: figure, offsetsMHz: offsets.map { $0 * toMHz },
      polarizations: DynamicsPair(hilbert: hilbertPolarizations, nonsecular: nonsecularPolarizations),
      solver: solver, boltzmann: boltzmann, sectorStarts: sectorStarts,
      spectrum: DynamicsPair(hilbert: report(hilbert), nonsecular: report(nonsecular)),
      units: [
        "relative_energy_MHz": "MHz, <lambda|H_S - omega_MW S^z|lambda>/2pi",
        "entanglement_entropy": "nats, of spins 1..N/2",
        "polarizations": "dimensionless, 2<S^z_i>",
      ])
  }
}

struct ZenoDensitySpectrumReport: Codable, Sendable {
  var eigenvalues: [Double]
  var entanglementEntropy: [Double]
  var relativeEnergyMHz: [Double]
  var magnetization: [Double]
}

struct ZenoSampleSpectrumReport: Encodable {
  var figure: String
  var offsetsMHz: [Double]
  var polarizations: DynamicsPair<[Double]>
  var solver: ZenoSolverRecord
  var boltzmann: [Double]
  var sectorStarts: [Int]
  var spectrum: DynamicsPair<ZenoDensitySpectrumReport>
  var units: [String: String]
}
