import AndersonDNP
import DNPNumerics
import Foundation

/// 2π·x·10⁶ rad/s.
func mhz(_ x: Double) -> Double { 2 * .pi * x * 1e6 }

/// |a − b| ≤ tol·max(|a|, |b|).
func relativelyClose(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
  abs(a - b) <= tol * max(abs(a), abs(b))
}

/// Parameters for a small lattice with the paper's Table I values otherwise.
func smallParameters(
  linearSize: Int = 3, hopping: Double = mhz(6.6), boundary: LatticeBoundary = .periodic
) -> AndersonParameters {
  var p = AndersonParameters.paperDefaults
  p.linearSize = linearSize
  p.hopping = hopping
  p.boundary = boundary
  return p
}

/// The lattice's eigenpairs straight from LAPACK (for the naive reference implementations).
func referenceEigen(_ problem: AndersonProblem) throws -> EigenDecomposition<Double> {
  try problem.lattice().shiftedMatrix().symmetricEigen()
}

/// Eq. (11) written out independently of `BlochBias`.
func naiveBias(_ p: AndersonParameters, offset: Double) -> Double {
  let d = (p.electronLarmor - p.microwaveFrequency) + offset
  let l = 1 + p.t2e * p.t2e * d * d
  return l * tanh(p.beta * (p.electronLarmor + offset) / 2)
    / (l + 2 * p.microwaveAmplitude * p.microwaveAmplitude * p.t1e * p.t2e)
}

/// h_β(x) = e^{βx}/(1 + e^{βx}) written out.
func naiveH(_ beta: Double, _ x: Double) -> Double { 1 / (1 + exp(-beta * x)) }

/// Naive rates straight from eq. (C5) + leakage (eq. 17): four nested loops over the direction ±ω_n, the core
/// nucleus j, and the modes α, β. Returns (Ω_emit, Ω_abs) with and without the terms eq. (22) neglects.
struct NaiveRates {
  var emission = 0.0
  var absorption = 0.0
  /// The same without the polarization-loss term and with the leakage made unbiased (h = 1/2 both ways).
  var emissionEq22 = 0.0
  var absorptionEq22 = 0.0
  var perNucleusEmission: [Double] = []
  var perNucleusAbsorption: [Double] = []

  init(_ problem: AndersonProblem) throws {
    let p = problem.parameters
    let eigen = try referenceEigen(problem)
    let n = eigen.values.count
    let bias = eigen.values.map { naiveBias(p, offset: $0) }
    let c = p.hyperfineNormalization == .equation19 ? 0.25 : 1.0 / 16
    let a2 = p.hyperfineCoupling * p.hyperfineCoupling
    func lorentz(_ x: Double) -> Double { 1 / (1 + p.t2n * p.t2n * x * x) }
    perNucleusEmission = Array(repeating: 0, count: n)
    perNucleusAbsorption = Array(repeating: 0, count: n)
    for (direction, omega) in [p.nuclearLarmor, -p.nuclearLarmor].enumerated() {
      var total = 0.0
      var total22 = 0.0
      for j in 0..<n {
        var omegaJ = 0.0
        var omegaJ22 = 0.0
        for alpha in 0..<n {
          let wa = eigen.vectors[j, alpha] * eigen.vectors[j, alpha]
          for beta in 0..<n {
            let wb = eigen.vectors[j, beta] * eigen.vectors[j, beta]
            let same = alpha == beta
            let loss = (same ? 1 : bias[alpha] * bias[beta]) * lorentz(omega)
            let iss =
              same
              ? 0
              : (1 + bias[alpha]) * (1 - bias[beta])
                * lorentz(omega + eigen.values[beta] - eigen.values[alpha])
            omegaJ += c * a2 * p.t2n * wa * wb * (loss + iss)
            // Eq. (22) keeps the ISS sum over all (α, β) (diagonal weight (1 − P_α²)L(ω)) and no loss.
            let issAll =
              (1 + bias[alpha]) * (1 - bias[beta]) * lorentz(omega + eigen.values[beta] - eigen.values[alpha])
            omegaJ22 += c * a2 * p.t2n * wa * wb * issAll
          }
        }
        if direction == 0 { perNucleusEmission[j] = omegaJ } else { perNucleusAbsorption[j] = omegaJ }
        total += omegaJ
        total22 += omegaJ22
      }
      let nuclei = p.nucleiPerElectron * Double(n)
      let leak = nuclei * naiveH(p.beta, omega) / p.t1n
      if direction == 0 {
        emission = total + leak
        emissionEq22 = total22 + nuclei * 0.5 / p.t1n
      } else {
        absorption = total + leak
        absorptionEq22 = total22 + nuclei * 0.5 / p.t1n
      }
    }
  }

  /// Eq. (20).
  var polarization: Double { (emission - absorption) / (emission + absorption) }
  /// Eq. (22) as printed (sign as in eq. 19).
  var polarizationEq22: Double { (emissionEq22 - absorptionEq22) / (emissionEq22 + absorptionEq22) }
}
