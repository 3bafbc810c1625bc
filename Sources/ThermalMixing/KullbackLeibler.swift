import DNPNumerics
import Foundation
import MasterEquations

/// The Kullback–Leibler divergence `D_KL = Σ_n p_n ln(p_n / q_n)` (TM paper, eq. 27) of p from q, both
/// normalized to unit sum first.
///
/// Evaluated term by term in the equivalent non-negative form `Σ_n [p_n ln(p_n/q_n) − p_n + q_n]` (the
/// added terms sum to zero), i.e. `q_n φ(d_n)` with `d_n = ln p_n − ln q_n` and `φ(d) = 1 + e^d (d − 1) ≥ 0`
/// (its Taylor series for |d| < 0.1, else `p_n(d_n − 1) + q_n`). So the result is ≥ 0 and 0 to rounding for
/// identical distributions, tiny populations neither underflow nor give 0·ln 0 (p_n = 0 contributes q_n),
/// and q_n = 0 < p_n gives +∞. Non-positive p_n (solver noise) count as 0.
/// - Precondition: equal lengths, non-empty.
public func kullbackLeiblerDivergence(_ p: [Double], _ q: [Double]) -> Double {
  precondition(p.count == q.count && !p.isEmpty, "KL divergence needs two non-empty lists of equal length")
  let logQ = q.map { $0 > 0 ? log($0) : -Double.infinity }
  return kullbackLeiblerDivergence(p, logQ: logQ)
}

/// `D_KL(p ‖ q)` (eq. 27) with q given by its logarithms (e.g.
/// ``EigenstateEnsemble/ansatzLogPopulations(_:referenceFrequency:)``), so that Ansatz weights below the
/// smallest Double still count. Both are normalized first.
public func kullbackLeiblerDivergence(_ p: [Double], logQ: [Double]) -> Double {
  precondition(p.count == logQ.count && !p.isEmpty, "KL divergence needs two non-empty lists of equal length")
  let pSum = p.reduce(0) { $0 + max($1, 0) }
  let logNormQ = logSumExp(logQ)
  let logNormP = log(pSum)
  var total = 0.0
  for n in p.indices {
    let lq = logQ[n] - logNormQ
    let q = exp(lq)
    guard p[n] > 0 else {
      total += q
      continue
    }
    if lq == -.infinity { return .infinity }
    let lp = log(p[n]) - logNormP
    let d = lp - lq
    if abs(d) < 0.1 {
      total += q * phiSeries(d)
    } else {
      total += exp(lp) * (d - 1) + q
    }
  }
  return total
}

/// `φ(d) = 1 + e^d (d − 1) = Σ_{k≥2} (k − 1) d^k / k!` for |d| < 0.1 (relative error < 1e-15).
@inline(__always) private func phiSeries(_ d: Double) -> Double {
  let c: [Double] = [
    1.0 / 2, 1.0 / 3, 1.0 / 8, 1.0 / 30, 1.0 / 144, 1.0 / 840, 1.0 / 5760, 1.0 / 45360, 1.0 / 403200,
  ]
  var s = 0.0
  for k in c.indices.reversed() { s = s * d + c[k] }
  return s * d * d
}

extension EigenstateEnsemble {
  /// `D_KL(p^stat ‖ p^Ans)` (eq. 27) for this realization and the Ansatz (eq. 17) with the given (β_s, h).
  public func kullbackLeiblerDivergence(from ansatz: SpinTemperature, referenceFrequency: Double) -> Double {
    ThermalMixing.kullbackLeiblerDivergence(
      populations, logQ: ansatzLogPopulations(ansatz, referenceFrequency: referenceFrequency))
  }
}

/// Mean and sample standard deviation over realizations of `D_KL(p^stat ‖ p^Ans)` (Fig. 5 left), all with the
/// same realization-independent Ansatz (as the fitting method produces).
public func kullbackLeiblerStatistics(
  _ ensembles: [EigenstateEnsemble], ansatz: SpinTemperature, referenceFrequency: Double
) -> SampleStatistics {
  SampleStatistics(
    ensembles.map { $0.kullbackLeiblerDivergence(from: ansatz, referenceFrequency: referenceFrequency) })
}
