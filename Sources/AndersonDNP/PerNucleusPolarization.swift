import DNPNumerics
import SpinPhysics

/// The polarization of each core nucleus j without nuclear dipolar coupling, eq. (C7):
///
///     P_n^j = Σ_αβ w_α w_β (P_α − P_β) L(ε_β − ε_α + ω_n)
///             / Σ_αβ w_α w_β [P_α P_β L(ω_n) + (1 − P_α P_β) L(ε_β − ε_α + ω_n)],   w_α = |φ_αj|²,
///
/// i.e. `(Ω_j(ω_n) − Ω_j(−ω_n))/(Ω_j(ω_n) + Ω_j(−ω_n))` with the hyperfine rates of eq. (C5)/(19) of that
/// nucleus alone (no leakage), `L(x) = 1/(1 + T2n² x²)`. The printed (C7) has `P_β − P_α` in the numerator,
/// the opposite of what (C5) gives (see
/// ``NuclearRates/closedFormPolarization(spectrum:parameters:keepingNeglectedTerms:)``); we follow (C5).
///
/// The per-site double sums are `((W G) ∘ W)` row sums with `G_αβ` the bracket above: two N_e×N_e `dgemm`s.
public struct PerNucleusPolarization: Codable, Sendable, Equatable {
  /// Ω_j(ω_n) without leakage (s⁻¹), j = site index: `c A0² T2n (den_j + num_j)`.
  public var hyperfineEmission: [Double]
  /// Ω_j(−ω_n) without leakage (s⁻¹): `c A0² T2n (den_j − num_j)`.
  public var hyperfineAbsorption: [Double]
  /// P_n^j of eq. (C7).
  public var polarization: [Double]
  /// P_n^j with the nucleus's own leakage h(±ω_n)/T1n added to both rates (C7 plus eq. 17 for one nucleus).
  public var polarizationWithLeakage: [Double]

  /// - Complexity: O(N_e³) (two N_e×N_e products), 4·N_e² doubles of workspace.
  public init(spectrum: AndersonSpectrum, parameters p: AndersonParameters) throws {
    let e = spectrum.offsets
    let n = e.count
    let bias = BlochBias(p)(offsets: e)
    let lorentzLarmor = lorentzian(p.nuclearLarmor, p.t2n)
    let w = spectrum.weights

    // G_num(α, β) = (P_α − P_β) L(ε_β − ε_α + ω_n); G_den(α, β) = P_αP_β L(ω_n) + (1 − P_αP_β) L(…).
    var gNum = Matrix<Double>(rows: n, columns: n)
    var gDen = Matrix<Double>(rows: n, columns: n)
    for beta in 0..<n {
      for alpha in 0..<n {
        let l = lorentzian(e[beta] - e[alpha] + p.nuclearLarmor, p.t2n)
        let pp = bias[alpha] * bias[beta]
        gNum[alpha, beta] = (bias[alpha] - bias[beta]) * l
        gDen[alpha, beta] = pp * lorentzLarmor + (1 - pp) * l
      }
    }
    let num = try Self.rowQuadraticForms(w, gNum)
    let den = try Self.rowQuadraticForms(w, gDen)

    let scale = p.hyperfineNormalization.prefactor * p.hyperfineCoupling * p.hyperfineCoupling * p.t2n
    let hUp = Thermal.h(beta: p.beta, p.nuclearLarmor) / p.t1n
    let hDown = Thermal.h(beta: p.beta, -p.nuclearLarmor) / p.t1n
    hyperfineEmission = (0..<n).map { scale * (den[$0] + num[$0]) }
    hyperfineAbsorption = (0..<n).map { scale * (den[$0] - num[$0]) }
    polarization = (0..<n).map { num[$0] / den[$0] }
    polarizationWithLeakage = (0..<n).map {
      (2 * scale * num[$0] + (hUp - hDown)) / (2 * scale * den[$0] + (hUp + hDown))
    }
  }

  /// `Σ_αβ W_jα G_αβ W_jβ` for every row j: `(W G) ∘ W` summed along rows.
  static func rowQuadraticForms(_ w: Matrix<Double>, _ g: Matrix<Double>) throws -> [Double] {
    let wg = try Matrix.multiply(w, .none, g, .none)
    let n = w.rows
    var result = [Double](repeating: 0, count: n)
    for beta in 0..<w.columns {
      for j in 0..<n { result[j] += wg[j, beta] * w[j, beta] }
    }
    return result
  }
}
