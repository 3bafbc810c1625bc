#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

import DNPNumerics
import SpinPhysics

/// Nuclear flip rates of eq. (19) summed over all N_n nuclei, and the stationary nuclear polarization of
/// eq. (20), `P_n = (Ω_emit − Ω_abs)/(Ω_emit + Ω_abs)`, `Ω_emit = Σ_p Ω_p(ω_n)`, `Ω_abs = Σ_p Ω_p(−ω_n)`.
///
/// Eq. (19), with `L(x) = 1/(1 + T2n² x²)`, `w_α = |φ_αp|²`, `P_α = P_B(ε_α)` (eq. 11):
///
///     Ω_p(ω) = c A_p² T2n Σ_αβ w_α w_β [P_α P_β L(ω) + (1+P_α)(1−P_β) L(ω + ε_β − ε_α)] + h(ω)/T1n
///
/// with A_p = A0 on the N_e core nuclei (one per site), 0 on the others, the leakage on all N_n = r·N_e
/// nuclei, and c = 1/4 (eq. 19) or 1/16 (see ``HyperfineNormalization``). With both sums over all (α, β) this
/// is exactly eq. (C5): the two α = β terms add up to `w_α² L(ω)`, i.e. the microscopic polarization-loss
/// weight `⟨(P^μ_α)²⟩ = 1`. The rates are therefore reported split as in (C5): a *polarization-loss* part
/// (PL, eq. 16: off-diagonal weight P_α P_β, diagonal weight 1, the same for emission and absorption) and an
/// *ISS* part (eq. 14: α ≠ β only).
///
/// The sum over core nuclei is `Σ_αβ K_αβ f_αβ` with K = WᵀW from ``AndersonSpectrum``: O(N_e²) once K is
/// known, no loop over sites.
///
/// The polarization-loss term has no bath factor and the Lorentzians are not detailed-balanced off resonance,
/// so with microwaves off eq. (20) gives tanh(βω_n/2) only up to these (small) terms; the leakage alone
/// (A0 = 0) gives it exactly.
public struct NuclearRates: Codable, Sendable, Equatable {
  /// ISS part of Ω_emit (s⁻¹): `c A0² T2n Σ_{α≠β} K_αβ (1+P_α)(1−P_β) L(ω_n + ε_β − ε_α)`.
  public var hyperfineEmission: Double
  /// ISS part of Ω_abs (s⁻¹): the same at −ω_n.
  public var hyperfineAbsorption: Double
  /// Polarization-loss part (s⁻¹), equal in both directions:
  /// `c A0² T2n L(ω_n) [Σ_{α≠β} K_αβ P_α P_β + Σ_α K_αα]`.
  public var polarizationLoss: Double
  /// Leakage part of Ω_emit (s⁻¹): `N_n h(ω_n)/T1n`.
  public var leakageEmission: Double
  /// Leakage part of Ω_abs (s⁻¹): `N_n h(−ω_n)/T1n`.
  public var leakageAbsorption: Double

  public init(
    hyperfineEmission: Double, hyperfineAbsorption: Double, polarizationLoss: Double, leakageEmission: Double,
    leakageAbsorption: Double
  ) {
    self.hyperfineEmission = hyperfineEmission
    self.hyperfineAbsorption = hyperfineAbsorption
    self.polarizationLoss = polarizationLoss
    self.leakageEmission = leakageEmission
    self.leakageAbsorption = leakageAbsorption
  }

  /// Ω_emit = Σ_p Ω_p(ω_n).
  public var emission: Double { hyperfineEmission + polarizationLoss + leakageEmission }
  /// Ω_abs = Σ_p Ω_p(−ω_n).
  public var absorption: Double { hyperfineAbsorption + polarizationLoss + leakageAbsorption }
  /// Eq. (20): P_n = tanh(β_N ω_n/2) = (Ω_emit − Ω_abs)/(Ω_emit + Ω_abs).
  public var polarization: Double {
    ((hyperfineEmission - hyperfineAbsorption) + (leakageEmission - leakageAbsorption))
      / (emission + absorption)
  }

  /// Eq. (19) summed over all nuclei for the realization's eigenfunctions (Anderson, eq. 21).
  /// - Complexity: O(N_e²).
  public init(spectrum: AndersonSpectrum, parameters: AndersonParameters) {
    self.init(offsets: spectrum.offsets, overlap: spectrum.overlap, parameters: parameters)
  }

  /// Eq. (19) summed over all nuclei with the factorized GOE correlator of eq. (23),
  /// `𝒦(ε, ε') = ρ(ε)ρ(ε')`, i.e. K_αβ = 1/N_e for every (α, β): the same energies, fully delocalized
  /// eigenfunctions.
  /// - Complexity: O(N_e²).
  public init(factorizedOffsets offsets: [Double], parameters: AndersonParameters) {
    self.init(offsets: offsets, overlap: nil, parameters: parameters)
  }

  init(offsets: [Double], overlap: Matrix<Double>?, parameters p: AndersonParameters) {
    let bias = BlochBias(p)(offsets: offsets)
    let sums = Self.hyperfineSums(
      offsets: offsets, bias: bias, overlap: overlap, omegaN: p.nuclearLarmor, t2n: p.t2n)
    let scale = p.hyperfineNormalization.prefactor * p.hyperfineCoupling * p.hyperfineCoupling * p.t2n
    let lorentzLarmor = lorentzian(p.nuclearLarmor, p.t2n)
    let nuclei = p.nucleiPerElectron * Double(offsets.count)
    hyperfineEmission = scale * sums.emission
    hyperfineAbsorption = scale * sums.absorption
    polarizationLoss = scale * lorentzLarmor * sums.polarizationLoss
    leakageEmission = nuclei * Thermal.h(beta: p.beta, p.nuclearLarmor) / p.t1n
    leakageAbsorption = nuclei * Thermal.h(beta: p.beta, -p.nuclearLarmor) / p.t1n
  }

  /// The dimensionless sums of eq. (19) (C5 split), K = `overlap` or 1/N_e everywhere when nil.
  /// Each unordered pair α < β is visited once (K is symmetric), with two Lorentzians.
  static func hyperfineSums(
    offsets e: [Double], bias p: [Double], overlap: Matrix<Double>?, omegaN: Double, t2n: Double
  ) -> (emission: Double, absorption: Double, polarizationLoss: Double) {
    let n = e.count
    var emission = 0.0
    var absorption = 0.0
    var loss = 0.0
    let uniform = overlap == nil
    let emptyStorage: [Double] = []
    let storage = overlap?.elements ?? emptyStorage
    e.withUnsafeBufferPointer { e in
      p.withUnsafeBufferPointer { p in
        storage.withUnsafeBufferPointer { k in
          for beta in 0..<n {
            let eb = e[beta]
            let pb = p[beta]
            let column = beta * n
            var em = 0.0
            var ab = 0.0
            var pl = 0.0
            for alpha in 0..<beta {
              let kab = uniform ? 1.0 : k[column + alpha]
              let d = eb - e[alpha]
              let xp = t2n * (omegaN + d)
              let xm = t2n * (omegaN - d)
              let lp = 1 / (1 + xp * xp)
              let lm = 1 / (1 + xm * xm)
              let pa = p[alpha]
              let a = (1 + pa) * (1 - pb)
              let b = (1 + pb) * (1 - pa)
              em += kab * (a * lp + b * lm)
              ab += kab * (a * lm + b * lp)
              pl += kab * pa * pb
            }
            emission += em
            absorption += ab
            loss += 2 * pl + (uniform ? 1.0 : k[column + beta])
          }
        }
      }
    }
    if uniform {
      let inv = n > 0 ? 1 / Double(n) : 0
      return (emission * inv, absorption * inv, loss * inv)
    }
    return (emission, absorption, loss)
  }

  /// The closed form of eq. (22),
  ///
  ///     P_n = Σ_αβ K_αβ (P_α − P_β) L(ε_β − ε_α + ω_n)
  ///           / [Σ_αβ K_αβ (1 − P_α P_β) L(ε_β − ε_α + ω_n) + N_n/(2 c A0² T1n T2n)]
  ///
  /// (`Σ_αβ K_αβ …` is the paper's `N_e ∫∫ dε dε' 𝒦(ε, ε') …`; with c = 1/16 the paper's `N_e/4` and
  /// `2N_n/(A0² T1n T2n)` are recovered exactly). Evaluated multiplied through by 2c A0² T2n so that A0 = 0
  /// is harmless.
  ///
  /// Sign: eq. (22) as printed pairs `P_B(ε) − P_B(ε')` with `L(ε − ε' + ω_n)`, which is minus what eq. (19)
  /// gives for Ω_emit − Ω_abs (`(1+P_α)(1−P_β) − (1+P_β)(1−P_α) = 2(P_α − P_β)` with `L(ω_n + ε_β − ε_α)`);
  /// the printed sign would make the microwave-off ISS term drive the nuclei to −tanh(βω_n/2), against the
  /// leakage. Eqs. (24) and (C7) carry the same flip. We follow eq. (19).
  ///
  /// As printed, eq. (22) also drops the polarization-loss rate and the thermal leakage bias
  /// `N_n tanh(βω_n/2)/T1n` of the numerator; with `keepingNeglectedTerms` both are restored and the result
  /// equals eq. (20) identically.
  /// - Complexity: O(N_e²), every ordered pair (α, β) visited (independent of ``hyperfineSums``).
  public static func closedFormPolarization(
    spectrum: AndersonSpectrum, parameters p: AndersonParameters, keepingNeglectedTerms: Bool = false
  ) -> Double {
    let e = spectrum.offsets
    let n = e.count
    let bias = BlochBias(p)(offsets: e)
    var numerator = 0.0
    var denominator = 0.0
    var lossSum = 0.0
    spectrum.overlap.elements.withUnsafeBufferPointer { k in
      for beta in 0..<n {
        var num = 0.0
        var den = 0.0
        var loss = 0.0
        for alpha in 0..<n {
          let kab = k[alpha + beta * n]
          let l = lorentzian(e[beta] - e[alpha] + p.nuclearLarmor, p.t2n)
          num += kab * (bias[alpha] - bias[beta]) * l
          den += kab * (1 - bias[alpha] * bias[beta]) * l
          loss += kab * bias[alpha] * bias[beta]
        }
        numerator += num
        denominator += den
        lossSum += loss
      }
    }
    let weight = 2 * p.hyperfineNormalization.prefactor * p.hyperfineCoupling * p.hyperfineCoupling * p.t2n
    let leakage = p.nucleiPerElectron * Double(n) / p.t1n
    var top = weight * numerator
    var bottom = weight * denominator + leakage
    if keepingNeglectedTerms {
      top += leakage * tanh(p.beta * p.nuclearLarmor / 2)
      bottom += weight * lorentzian(p.nuclearLarmor, p.t2n) * lossSum
    }
    return top / bottom
  }
}

/// `1/(1 + T2² x²)`, the dimensionless Lorentzian of the hyperfine rates (eqs. 14, 16, 19).
@inline(__always) func lorentzian(_ x: Double, _ t2: Double) -> Double {
  let y = t2 * x
  return 1 / (1 + y * y)
}
