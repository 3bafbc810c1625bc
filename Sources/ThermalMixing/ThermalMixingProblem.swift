import Foundation
import DNPNumerics
import MasterEquations
import SpinPhysics

/// One realization of the thermal-mixing model: parameters plus a sample (ARCHITECTURE problem/solution split).
///
///     let problem = ThermalMixingProblem(parameters: .paperDefaults, sample: .gaussian(p, seed: 7, realization: 0))
///     let solution = try problem.stationaryState()
public struct ThermalMixingProblem: Sendable {
  public var parameters: ThermalMixingParameters
  public var sample: ThermalMixingSample
  /// Threads for the work inside one realization (sectors and sector pairs in parallel, BLAS at one thread
  /// each). The numbers do not depend on it.
  public var threads: Int
  /// Told the finished fraction (0…1) of ``stationaryState()`` as sectors are diagonalized and rates built,
  /// from any thread, for a progress display of one long realization.
  public var progress: (@Sendable (Double) -> Void)?

  public init(parameters: ThermalMixingParameters, sample: ThermalMixingSample, threads: Int = 1) {
    precondition(sample.electrons == parameters.electrons, "sample and parameters disagree on N")
    self.parameters = parameters
    self.sample = sample
    self.threads = threads
  }

  /// Eigensystems of all N + 1 sectors (block k: k electrons up).
  /// - Complexity: Σ_k O(d_k³), d_k = 2·C(N, k); the largest sector dominates.
  public func eigensystems() throws -> [SectorEigensystem] { try eigensystems(meter: nil) }

  private func eigensystems(meter: ProgressMeter?) throws -> [SectorEigensystem] {
    let basis = SpinBasis(spins: parameters.electrons)
    let sizes = basis.sectors.map { Double($0.count) }
    let costs = sizes.map { 8 * $0 * $0 * $0 }  // sector dimension 2·d_k with the nucleus
    return try parallelMap(parameters.electrons + 1, threads: threads, costs: costs) { k in
      defer { meter?.add(costs[k]) }
      return try SectorEigensystem(
        sample: sample, nuclearLarmor: parameters.nuclearLarmor, basis: basis, upSpins: k)
    }
  }

  /// The stationary state of eq. 11 and its observables.
  public func stationaryState() throws -> ThermalMixingSolution {
    let basis = SpinBasis(spins: parameters.electrons)
    // Progress in flops: the eigensolves (Σ (2d_k)³), the rate products (as `masterEquation` counts them),
    // and the block elimination (≈ Σ (2d_k)³ again).
    let d = basis.sectors.map { 2 * Double($0.count) }
    let n = Double(parameters.electrons)
    let eigenCost = d.reduce(0) { $0 + $1 * $1 * $1 }
    let rateCost = eigenCost + (0..<(d.count - 1)).reduce(0) { $0 + n * d[$1] * d[$1] * d[$1 + 1] }
    var meter: ProgressMeter?
    if let progress { meter = ProgressMeter(total: 2 * eigenCost + rateCost, report: progress) }
    let systems = try eigensystems(meter: meter)
    var finished: (@Sendable (Double) -> Void)?
    if let meter { finished = { cost in meter.add(cost) } }
    let equation = try TransitionRates(parameters: parameters, systems: systems)
      .masterEquation(basis: basis, threads: threads, finished: finished)
    let populations = try equation.stationaryState(pivotBlock: thermalPivotSector(), threads: threads)
    meter?.finish()
    let solution = ThermalMixingSolution(parameters: parameters, systems: systems, populations: populations)
    let tolerance = 1 + 1e-9
    guard abs(solution.nuclearPolarization) <= tolerance else {
      throw ThermalMixingError.unphysicalPolarization("P_n = \(solution.nuclearPolarization)")
    }
    if let i = solution.electronPolarizations.firstIndex(where: { !(abs($0) <= tolerance) }) {
      throw ThermalMixingError.unphysicalPolarization(
        "P_e of electron \(i + 1) = \(solution.electronPolarizations[i])")
    }
    return solution
  }

  /// The pivot of the block elimination: as close to the middle sector as possible (so the two halves of the
  /// twisted elimination balance and run in parallel) while staying within e^{±300} in thermal weight of the
  /// most populated sector N·(1 − h_β(ω_e)), so no block's population can over- or underflow relative to it.
  func thermalPivotSector() -> Int {
    let n = parameters.electrons
    let upFraction = 1 - Thermal.h(beta: parameters.beta, parameters.electronLarmor)
    let thermal = Int((Double(n) * upFraction).rounded())
    let reach = Int(min(Double(n), 300 / max(parameters.beta * parameters.electronLarmor, 1e-300)))
    return min(max(n / 2, thermal - reach), thermal + reach, n)
  }
}

/// The stationary state of one realization with its observables (eq. 26 and SPEC §2).
public struct ThermalMixingSolution: Codable, Sendable {
  /// `P_n = 2 Σ_m p_m ⟨m|I^z|m⟩` (eq. 26).
  public var nuclearPolarization: Double
  /// `2⟨S^z_i⟩` per electron, in sample order.
  public var electronPolarizations: [Double]
  /// `⟨H⟩ − ω_e⟨S^z⟩` in rad/s: the energy in the frame rotating at ω_e.
  public var relativeEnergy: Double
  /// Total electron `⟨S^z⟩`.
  public var magnetization: Double
  /// The eigenstates with their stationary populations, for spin-temperature fits and KL divergences.
  public var ensemble: EigenstateEnsemble

  public init(parameters: ThermalMixingParameters, systems: [SectorEigensystem], populations: [[Double]]) {
    let n = parameters.electrons
    var pn = 0.0, energy = 0.0, sz = 0.0
    var electrons = [Double](repeating: 0, count: n)
    var energies = [Double](), magnetizations = [Double](), flat = [Double]()
    for (k, s) in systems.enumerated() {
      let m = Double(k) - Double(n) / 2
      let p = populations[k]
      let perElectron = s.electronSz.apply(p, .transpose)
      for i in 0..<n { electrons[i] += 2 * perElectron[i] }
      for (state, weight) in p.enumerated() {
        pn += 2 * weight * s.nuclearSz[state]
        energy += weight * s.energies[state]
        sz += weight * m
      }
      energies += s.energies
      magnetizations += Array(repeating: m, count: p.count)
      flat += p
    }
    nuclearPolarization = pn
    electronPolarizations = electrons
    relativeEnergy = energy
    magnetization = sz
    ensemble = EigenstateEnsemble(
      relativeEnergies: energies, magnetizations: magnetizations, populations: flat)
  }
}

/// Adds up finished work from any thread and reports the fraction done.
final class ProgressMeter: @unchecked Sendable {
  private let lock = NSLock()
  private let total: Double
  private var done = 0.0
  private let report: @Sendable (Double) -> Void

  init(total: Double, report: @escaping @Sendable (Double) -> Void) {
    self.total = total
    self.report = report
  }

  func add(_ cost: Double) {
    lock.lock()
    done += cost
    let fraction = min(1, done / max(total, 1))
    lock.unlock()
    report(fraction)
  }

  func finish() { report(1) }
}
