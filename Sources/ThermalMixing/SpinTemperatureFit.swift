import DNPNumerics
import Foundation

/// The eigenstates of one realization with their stationary populations: the input of the fitting method
/// (TM paper, eqs. 17–18) and of the Kullback–Leibler divergence (eq. 27).
///
/// Energies are stored relative to a reference Zeeman term, `relativeEnergies[n] = ε_n − ω_ref s_n`, so that
/// the ω_e ≈ 2π·94 GHz part never enters a Boltzmann factor. The reference frequency ω_ref (normally ω_e) is
/// passed alongside the ensembles. Build the relative energies inside each S^z sector (e.g. diagonalize
/// H − ω_ref S^z, which commutes with H) rather than by subtracting from lab-frame eigenvalues where
/// possible.
public struct EigenstateEnsemble: Sendable, Equatable {
  /// `ε_n − ω_ref s_n` in rad/s.
  public var relativeEnergies: [Double]
  /// `s_n = ⟨n|S^z|n⟩`, the total electron magnetization of eigenstate n (a half-integer or integer).
  public var magnetizations: [Double]
  /// The stationary populations p_n (summing to 1 up to solver noise).
  public var populations: [Double]

  public init(relativeEnergies: [Double], magnetizations: [Double], populations: [Double]) {
    self.relativeEnergies = relativeEnergies
    self.magnetizations = magnetizations
    self.populations = populations
  }

  /// `log p^Ans_n` of the Ansatz (eq. 17) for this realization, normalized over its eigenstates
  /// (log-sum-exp: no overflow or underflow of the Boltzmann factors for any β_s).
  /// - Parameter referenceFrequency: the ω_ref the relative energies were formed with.
  public func ansatzLogPopulations(_ ansatz: SpinTemperature, referenceFrequency: Double) -> [Double] {
    let beta = ansatz.inverseTemperature
    let eta = ansatz.fieldOffset(from: referenceFrequency)
    let exponents = zip(relativeEnergies, magnetizations).map { -beta * ($0 + eta * $1) }
    let lse = SpinTemperatureNumerics.logSumExp(exponents)
    return exponents.map { $0 - lse }
  }

  /// `p^Ans_n` of the Ansatz (eq. 17), normalized over this realization's eigenstates.
  public func ansatzPopulations(_ ansatz: SpinTemperature, referenceFrequency: Double) -> [Double] {
    ansatzLogPopulations(ansatz, referenceFrequency: referenceFrequency).map { exp($0) }
  }

  /// `⟨H − ω_ref S^z⟩` and `⟨S^z⟩` of the given populations (normalized by their sum).
  public func moments() -> (relativeEnergy: Double, magnetization: Double) {
    var z = 0.0, e = 0.0, s = 0.0
    for n in populations.indices {
      z += populations[n]
      e += populations[n] * relativeEnergies[n]
      s += populations[n] * magnetizations[n]
    }
    return (e / z, s / z)
  }

  fileprivate var isConsistent: Bool {
    !relativeEnergies.isEmpty && relativeEnergies.count == magnetizations.count
      && relativeEnergies.count == populations.count
      && (relativeEnergies + magnetizations + populations).allSatisfy(\.isFinite)
  }
}

/// Why the fitting method failed.
public enum SpinTemperatureFitError: Error, Equatable, CustomStringConvertible {
  case noRealizations
  /// Realization `index` has arrays of different lengths, no states or non-finite entries.
  case inconsistentEnsemble(index: Int)
  /// All eigenstates have the same magnetization or the same energy: (β_s, h) are not both determined.
  case degenerate
  /// Newton's method did not reach the target moments (they may lie outside what any Gibbs state attains).
  case notConverged(residual: Double)

  public var description: String {
    switch self {
    case .noRealizations: return "spin-temperature fit: no realizations given"
    case .inconsistentEnsemble(let i):
      return "spin-temperature fit: realization \(i) has empty, mismatched or non-finite arrays"
    case .degenerate:
      return
        "spin-temperature fit: energies or magnetizations do not vary; beta_s and h are not both determined"
    case .notConverged(let r): return "spin-temperature fit did not converge (scaled residual \(r))"
    }
  }
}

/// The fitting method (TM paper, eqs. 17–18): the realization-independent (β_s, h) for which the Gibbs Ansatz
/// `p^Ans_n ∝ exp(−β_s(ε_n + h s_n))` reproduces the realization-averaged ⟨H⟩ and ⟨S^z⟩ of the stationary
/// populations, each realization with its own partition function.
///
/// Because ⟨S^z⟩ is matched, matching ⟨H⟩ is the same as matching ⟨H − ω_ref S^z⟩, so only relative energies
/// enter. Writing `h = −ω_ref + η`, the Ansatz is `exp(−a E_n − c s_n)` with `a = β_s`, `c = β_s η` and
/// `E_n = ε_n − ω_ref s_n`; the moment equations are the gradient of the convex function
/// `Σ_r [log Z_r(a, c) + a Ē_r + c S̄_r]`, so Newton's method (2-D, analytic Jacobian = minus the averaged
/// covariance matrix, backtracking line search) started at the infinite-temperature point a = c = 0 — whose
/// first step is the high-temperature linear-response solution — converges to the unique solution whenever
/// one exists. Boltzmann factors are formed by log-sum-exp.
///
/// - Parameters:
///   - ensembles: one ``EigenstateEnsemble`` per realization (equal weights).
///   - referenceFrequency: ω_ref used for the relative energies (normally ω_e).
///   - nuclearLarmor: ω_n for the predicted nuclear polarization `tanh(β_s ω_n/2)` (eq. 1).
/// - Returns: (β_s, h = −ω_ref + η) with method `.fit(realizations:)`.
/// - Complexity: O(iterations · Σ_r n_r), typically 5–20 iterations.
public func fitSpinTemperature(
  _ ensembles: [EigenstateEnsemble], referenceFrequency: Double, nuclearLarmor: Double
) throws -> SpinTemperature {
  guard !ensembles.isEmpty else { throw SpinTemperatureFitError.noRealizations }
  for (i, e) in ensembles.enumerated() where !e.isConsistent {
    throw SpinTemperatureFitError.inconsistentEnsemble(index: i)
  }
  let count = Double(ensembles.count)
  // Targets and the infinite-temperature spreads used to scale variables and residuals.
  var targetE = 0.0, targetS = 0.0, varE0 = 0.0, varS0 = 0.0
  for e in ensembles {
    let m = e.moments()
    targetE += m.relativeEnergy / count
    targetS += m.magnetization / count
    let c = gibbsMoments(
      e.relativeEnergies, e.magnetizations, logWeights: [Double](repeating: 0, count: e.populations.count))
    varE0 += c.varE / count
    varS0 += c.varS / count
  }
  guard varE0 > 0, varS0 > 0 else { throw SpinTemperatureFitError.degenerate }
  let sigmaE = varE0.squareRoot(), sigmaS = varS0.squareRoot()

  // Scaled unknowns u = a σ_E, v = c σ_S; scaled residuals (⟨E⟩ − Ē)/σ_E, (⟨S⟩ − S̄)/σ_S.
  typealias Moments = (mean: SIMD2<Double>, cov: (ee: Double, es: Double, ss: Double))
  var cache: (x: SIMD2<Double>, m: Moments)? = nil  // the Jacobian is requested at the last residual point
  func averaged(_ x: SIMD2<Double>) -> Moments {
    if let cache, cache.x == x { return cache.m }
    let a = x.x / sigmaE, c = x.y / sigmaS
    var mean = SIMD2<Double>(0, 0)
    var ee = 0.0, es = 0.0, ss = 0.0
    for e in ensembles {
      let logW = zip(e.relativeEnergies, e.magnetizations).map { -a * $0 - c * $1 }
      let g = gibbsMoments(e.relativeEnergies, e.magnetizations, logWeights: logW)
      mean += SIMD2(g.meanE, g.meanS) / count
      ee += g.varE / count
      es += g.covES / count
      ss += g.varS / count
    }
    cache = (x, (mean, (ee, es, ss)))
    return (mean, (ee, es, ss))
  }
  let target = SIMD2(targetE / sigmaE, targetS / sigmaS)
  func residual(_ x: SIMD2<Double>) -> SIMD2<Double> {
    let m = averaged(x).mean
    return SIMD2(m.x / sigmaE, m.y / sigmaS) - target
  }
  func jacobian(_ x: SIMD2<Double>) -> (SIMD2<Double>, SIMD2<Double>) {
    let c = averaged(x).cov
    // ∂⟨E⟩/∂a = −Var E, ∂⟨E⟩/∂c = −Cov(E,S), ∂⟨S⟩/∂c = −Var S; chain rule for the scalings.
    let col0 = SIMD2(-c.ee / (sigmaE * sigmaE), -c.es / (sigmaS * sigmaE))
    let col1 = SIMD2(-c.es / (sigmaE * sigmaS), -c.ss / (sigmaS * sigmaS))
    return (col0, col1)
  }
  let outcome = try dampedNewton2D(start: [0, 0], tolerance: 0, acceptable: 1e-9, residual, jacobian: jacobian)
  guard outcome.converged else { throw SpinTemperatureFitError.notConverged(residual: outcome.residual) }
  let solution = outcome.point
  let a = solution.x / sigmaE, c = solution.y / sigmaS
  let eta = c / a
  return SpinTemperature(
    inverseTemperature: a, effectiveField: -referenceFrequency + eta, nuclearLarmor: nuclearLarmor,
    method: .fit(realizations: ensembles.count))
}

/// Convenience: the fit with ω_ref = ω_e and ω_n taken from the model parameters.
public func fitSpinTemperature(_ ensembles: [EigenstateEnsemble], parameters: ThermalMixingParameters) throws
  -> SpinTemperature
{
  try fitSpinTemperature(
    ensembles, referenceFrequency: parameters.electronLarmor, nuclearLarmor: parameters.nuclearLarmor)
}

/// Mean, variance and covariance of (E, S) under weights ∝ exp(logWeights), by log-sum-exp and two passes.
private func gibbsMoments(_ e: [Double], _ s: [Double], logWeights: [Double]) -> (
  meanE: Double, meanS: Double, varE: Double, covES: Double, varS: Double
) {
  let m = logWeights.max() ?? 0
  var z = 0.0, me = 0.0, ms = 0.0
  var w = [Double](repeating: 0, count: e.count)
  for n in e.indices {
    w[n] = exp(logWeights[n] - m)
    z += w[n]
    me += w[n] * e[n]
    ms += w[n] * s[n]
  }
  me /= z
  ms /= z
  var vee = 0.0, ves = 0.0, vss = 0.0
  for n in e.indices {
    let de = e[n] - me, ds = s[n] - ms
    vee += w[n] * de * de
    ves += w[n] * de * ds
    vss += w[n] * ds * ds
  }
  return (me, ms, vee / z, ves / z, vss / z)
}

/// Numerical helpers shared by the spin-temperature files.
enum SpinTemperatureNumerics {
  /// `log Σ exp(x_n)` without overflow.
  static func logSumExp(_ x: [Double]) -> Double {
    guard let m = x.max(), m.isFinite else { return x.max() ?? -.infinity }
    var s = 0.0
    for v in x { s += exp(v - m) }
    return m + log(s)
  }
}
