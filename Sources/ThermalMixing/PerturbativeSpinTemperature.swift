import DNPNumerics
import Foundation
import SpinPhysics

/// First order (eq. 20) or including the O(U²) corrections (eqs. 23–25, appendix C).
public enum PerturbativeOrder: String, Codable, Sendable {
  case first, second
}

/// The coefficient of the second-order terms. The paper is inconsistent by a factor 2: eq. 23 prints
/// `U²/2 ∫dω′ f(ω′) κ₁(ω, ω′)`, while the discrete form C4–C5 it is derived from has `(U²/N) Σ_{l≠j}`, whose
/// large-N limit is `U² ∫dω′ f(ω′) κ₁(ω, ω′)`. Eq. B12 (the U_{ij}² coefficient, checked against the exact
/// two-spin Gibbs state) supports appendix C, the default.
public enum SecondOrderPrefactor: String, Codable, Sendable {
  /// `U²` (appendix C, eqs. C4–C5; default).
  case appendixC
  /// `U²/2` (eq. 23 as printed).
  case mainText
}

/// The kind of a ``LineShape``, for result metadata.
public enum LineShapeKind: String, Codable, Sendable {
  case continuum, discrete, sample
}

/// The distribution f(ω) of electron Larmor frequencies entering eqs. 20–25.
public enum LineShape: Sendable, Equatable {
  /// Uniform on `[ω_e − Δω_e, ω_e + Δω_e]` (the paper's N → ∞ choice); second order uses
  /// U = `dipolarStrength`.
  case continuum
  /// `f(ω) = (1/N) Σ_i δ(ω − ω_e − Δ_i)` for the offsets Δ_i (rad/s); second order is C4–C5 with U²/N,
  /// U = `dipolarStrength`, N = `offsets.count`.
  case discrete(offsets: [Double])
  /// As `.discrete`, but second order uses the sample's own couplings: `U²/N → U_{jl}²` for each pair (the
  /// O(U²) terms are additive over pairs, eq. B10, so no disorder average is needed). `couplings` is the
  /// symmetric N×N matrix U_{jl} in rad/s (diagonal ignored).
  case sample(offsets: [Double], couplings: [[Double]])

  /// `.discrete` with the equally spaced offsets `Δ_i = Δω_e (2i − N − 1)/N` of footnote 37.
  public static func equallySpaced(_ p: ThermalMixingParameters) -> LineShape {
    let n = p.electrons
    return .discrete(
      offsets: (1...max(n, 1)).map { p.inhomogeneousWidth * Double(2 * $0 - n - 1) / Double(n) })
  }

  public var kind: LineShapeKind {
    switch self {
    case .continuum: return .continuum
    case .discrete: return .discrete
    case .sample: return .sample
    }
  }
}

/// Why the perturbative spin temperature could not be computed.
public enum PerturbativeSpinTemperatureError: Error, Equatable, CustomStringConvertible {
  /// A discrete line shape without offsets, or non-finite offsets.
  case emptyLineShape
  /// The coupling matrix of `.sample` is not N×N, not symmetric or not finite.
  case invalidCouplings
  /// The second-order discrete form needs pairwise distinct offsets (C4–C5 divide by Δ_j − Δ_l).
  case coincidentOffsets
  /// Borghini's δ-function absorption (eq. 22) has no meaning for a discrete set of frequencies.
  case borghiniNeedsContinuum
  /// Non-positive T1e, T2e, temperature or Δω_e (continuum), or non-finite parameters.
  case invalidParameters(String)
  /// Newton's method did not solve the two balance equations (scaled residual).
  case notConverged(residual: Double)

  public var description: String {
    switch self {
    case .emptyLineShape:
      return "perturbative spin temperature: the discrete line shape has no (finite) offsets"
    case .invalidCouplings:
      return "perturbative spin temperature: the sample couplings must be a finite symmetric N x N matrix"
    case .coincidentOffsets:
      return "perturbative spin temperature: second order (C4-C5) needs pairwise distinct offsets"
    case .borghiniNeedsContinuum:
      return
        "perturbative spin temperature: Borghini's delta absorption (eq. 22) needs the continuum line shape"
    case .invalidParameters(let s): return "perturbative spin temperature: invalid parameters: \(s)"
    case .notConverged(let r):
      return "perturbative spin temperature: Newton's method did not converge (scaled residual \(r))"
    }
  }
}

/// The rate of change κ(ω) of the polarization of a free electron with Larmor frequency ω under the
/// spin-temperature Ansatz (TM paper, eq. 21, with ω1² as in SPEC §2):
///
///     κ(ω) = (P0(ω) − Pe(ω))/(2T1e) − T2e ω1² Pe(ω) / (T2e²(ω − ω_MW)² + 1),
///     P0(ω) = −tanh(βω/2),  Pe(ω) = −tanh(β_s(ω + h)/2).
///
/// Frequencies are passed as offsets from ω_e (ω = ω_e + offset) so that ω_e never enters a difference;
/// `P0 − Pe` is evaluated as `sinh(z − y)/(cosh z cosh y)` without cancellation.
public struct ElectronPolarizationRate: Sendable {
  public var parameters: ThermalMixingParameters
  public var ansatz: SpinTemperature

  public init(_ parameters: ThermalMixingParameters, ansatz: SpinTemperature) {
    self.parameters = parameters
    self.ansatz = ansatz
  }

  /// `P0(ω) = −tanh(βω/2)` at ω = ω_e + offset.
  public func thermalPolarization(offset: Double) -> Double {
    -tanh(parameters.beta * (parameters.electronLarmor + offset) / 2)
  }

  /// `Pe(ω) = −tanh(β_s(ω + h)/2)` at ω = ω_e + offset.
  public func ansatzPolarization(offset: Double) -> Double {
    ansatz.electronPolarization(offset: offset, from: parameters.electronLarmor)
  }

  /// κ(ω) of eq. 21 at ω = ω_e + offset, in s⁻¹.
  public func callAsFunction(offset: Double) -> Double {
    let p = parameters
    let y = p.beta * (p.electronLarmor + offset) / 2
    let z = ansatz.inverseTemperature * (offset + ansatz.fieldOffset(from: p.electronLarmor)) / 2
    let detuning = offset - (p.microwaveFrequency - p.electronLarmor)
    let lorentzian = 1 / (1 + p.t2e * p.t2e * detuning * detuning)
    return tanhDifference(z, y) / (2 * p.t1e) + p.t2e * p.microwaveAmplitude * p.microwaveAmplitude
      * lorentzian
      * tanh(z)
  }

  /// The polarization that makes κ(ω) = 0 for an isolated spin (no interactions):
  /// `Pe = P0 / (1 + 2 T1e T2e ω1² / (1 + T2e²(ω − ω_MW)²))` at ω = ω_e + offset.
  ///
  /// This is the Bloch steady state (SPEC §6) `M_z/M0 = (1 + Δ²T2²)/(1 + Δ²T2² + ω1² T1 T2)` with
  /// T1 = 2·T1e and T2 = T2e: κ is half the dP/dt of the master equation (eqs. 12, 16), whose single-spin
  /// relaxation rate of P is 1/T1e and whose microwave rate (eq. 16) is twice the Bloch saturation rate.
  public static func isolatedSpinPolarization(_ p: ThermalMixingParameters, offset: Double) -> Double {
    let detuning = offset - (p.microwaveFrequency - p.electronLarmor)
    let lorentzian = 1 / (1 + p.t2e * p.t2e * detuning * detuning)
    let p0 = -tanh(p.beta * (p.electronLarmor + offset) / 2)
    return p0 / (1 + 2 * p.t1e * p.t2e * p.microwaveAmplitude * p.microwaveAmplitude * lorentzian)
  }
}

/// The perturbative spin temperature (TM paper, Sec. III B, eqs. 20–25, appendices A–C): (β_s, h) such that
/// the Ansatz balances the flows of electron magnetization and energy,
///
///     ∫dω f(ω) [κ(ω) + λU² ∫dω′ f(ω′) κ₁(ω, ω′)] = 0,              (20a, 23a, C4)
///     ∫dω f(ω) [(ω − ω_e) κ(ω) + λU² ∫dω′ f(ω′) κ₂(ω, ω′)] = 0,     (20b − ω_e·20a; 23b, C5 likewise)
///
/// with κ₁(ω, ω′) = ∂_ω[(κ(ω) − κ(ω′))/(ω − ω′)] (eq. 24) and κ₂ the same for (ω − ω_e)κ(ω) (eq. 25 minus
/// ω_e times eq. 24, which is exact since the corrections are linear in κ). λ = 1 (appendix C) or ½ (eq. 23),
/// see ``SecondOrderPrefactor``. The energy equation is weighted by ω − ω_e instead of ω to avoid the
/// catastrophic cancellation of ω_e ≈ 2π·94 GHz (SPEC §2).
///
/// Numerics: with `Pe = −tanh(Aξ + B)`, ξ = (ω − ω_e)/Δ, A = β_sΔ/2, B = β_s(h + ω_e)/2, the first-order
/// equations are the gradient of a convex function of (A, B), so Newton's method (analytic Jacobian,
/// backtracking line search) started at A = B = 0 — whose first step is the linearized, high-temperature
/// solution — converges to the unique solution. At second order Newton starts from the first-order
/// solution, falling back to continuation in the size of the O(U²) terms (steps down to 1/64); if no solution connects to the
/// first-order one (U comparable to Δω_e, where the expansion is meaningless) it throws `notConverged`.
/// The continuum integrals use adaptive Gauss–Kronrod (7/15) quadrature with breakpoints at ω_MW and at
/// ω_MW ± (1, 4, …, 1024)/T2e, resolving the Lorentzian of width 1/T2e; the continuum double integral of κ₁,
/// κ₂ reduces exactly to a single integral,
/// `∫∫ f f ∂_ω g = (1/(2Δω_e))² ∫dω′ [g(ω_e + Δω_e, ω′) − g(ω_e − Δω_e, ω′)]`.
/// The discrete forms sum C4–C5 directly with analytic derivatives.
///
/// If f(ω) has a single distinct frequency (one electron, or all offsets equal), eqs. 20a and 20b coincide
/// and only β_s(ω + h) is fixed: then β_s is set to the bath β and h solves κ(ω) = 0 there (the single-spin /
/// Bloch limit), and the method says `singleFrequency`.
///
/// - Parameters:
///   - p: the model parameters (ω_e, Δω_e, U, ω_n, ω_MW, ω1, T, T1e, T2e; D is not used).
///   - lineShape: the distribution f(ω) (default: the continuum).
///   - order: `.first` (eq. 20) or `.second` (eqs. 23–25 / C4–C5).
///   - borghini: use Borghini's δ-function absorption (eq. 22; continuum only).
///   - secondOrderPrefactor: λ = 1 (`.appendixC`, default) or ½ (`.mainText`).
/// - Returns: (β_s, h) with eq. 1's nuclear polarization for ω_n = `p.nuclearLarmor`.
/// - Complexity: continuum: a few hundred integrand evaluations per Newton step; discrete: O(N) (first order)
///   or O(N²) (second order) per step; typically 5–15 steps.
public func perturbativeSpinTemperature(
  _ p: ThermalMixingParameters, lineShape: LineShape = .continuum, order: PerturbativeOrder = .first,
  borghini: Bool = false, secondOrderPrefactor: SecondOrderPrefactor = .appendixC
) throws -> SpinTemperature {
  for (name, v) in [
    ("T1e", p.t1e), ("T2e", p.t2e), ("temperature", p.temperature),
  ] where !(v > 0 && v.isFinite) {
    throw PerturbativeSpinTemperatureError.invalidParameters("\(name) must be positive and finite")
  }
  for (name, v) in [
    ("omega_e", p.electronLarmor), ("omega_MW", p.microwaveFrequency), ("omega_1", p.microwaveAmplitude),
    ("U", p.dipolarStrength), ("omega_n", p.nuclearLarmor), ("Delta omega_e", p.inhomogeneousWidth),
  ] where !v.isFinite {
    throw PerturbativeSpinTemperatureError.invalidParameters("\(name) must be finite")
  }
  let lambda = secondOrderPrefactor == .appendixC ? 1.0 : 0.5
  var offsets: [Double] = []
  var pairWeights: [[Double]] = []  // V_jl² in rad²/s², for the discrete second order
  switch lineShape {
  case .continuum:
    guard p.inhomogeneousWidth > 0 else {
      throw PerturbativeSpinTemperatureError.invalidParameters("the continuum needs Delta omega_e > 0")
    }
  case .discrete(let o):
    offsets = o
  case .sample(let o, let couplings):
    offsets = o
    guard couplings.count == o.count, couplings.allSatisfy({ $0.count == o.count }) else {
      throw PerturbativeSpinTemperatureError.invalidCouplings
    }
    for j in o.indices {
      for l in o.indices where !(couplings[j][l].isFinite && couplings[j][l] == couplings[l][j]) {
        throw PerturbativeSpinTemperatureError.invalidCouplings
      }
    }
    pairWeights = couplings.map { $0.map { $0 * $0 } }
  }
  if lineShape.kind != .continuum {
    guard !offsets.isEmpty, offsets.allSatisfy(\.isFinite) else {
      throw PerturbativeSpinTemperatureError.emptyLineShape
    }
    if borghini { throw PerturbativeSpinTemperatureError.borghiniNeedsContinuum }
    if lineShape.kind == .discrete {
      let v = p.dipolarStrength * p.dipolarStrength / Double(offsets.count)
      pairWeights = offsets.map { _ in offsets.map { _ in v } }
    }
  }
  let distinct = Set(offsets).count
  if order == .second, lineShape.kind != .continuum, distinct < offsets.count {
    throw PerturbativeSpinTemperatureError.coincidentOffsets
  }

  // The frequency scale Δ of ξ = (ω − ω_e)/Δ.
  let maxOffset = offsets.map(abs).max() ?? 0
  let delta =
    p.inhomogeneousWidth > 0 ? p.inhomogeneousWidth : (maxOffset > 0 ? maxOffset : 1 / p.t2e)
  let model = KappaModel(p, scale: delta, borghini: borghini)
  let method = PerturbativeMethod(
    order: order, lineShape: lineShape.kind, frequencies: lineShape.kind == .continuum ? nil : offsets.count,
    borghini: borghini, secondOrderPrefactor: secondOrderPrefactor,
    singleFrequency: lineShape.kind != .continuum && distinct == 1)

  func result(a: Double, b: Double) -> SpinTemperature {
    let betaS = 2 * a / delta
    let eta = b * delta / a  // = 2B/β_s
    return SpinTemperature(
      inverseTemperature: betaS, effectiveField: -p.electronLarmor + eta, nuclearLarmor: p.nuclearLarmor,
      method: .perturbative(method))
  }

  if method.singleFrequency {
    let xi = offsets[0] / delta
    let a = p.beta * delta / 2
    let v = model.values(xi, a: 0, b: 0)
    // κ = D/(2T1) + (w − 1/(2T1)) t with D = t − tanh y: κ = 0 ⇔ t = tanh(y) / (2 T1 w).
    let t = tanh(model.y(xi)) / (2 * p.t1e * v.w)
    return result(a: a, b: atanh(t) - a * xi)
  }

  let equations: BalanceEquations
  let xiOffsets = offsets.map { $0 / delta }
  let secondOrder = lambda  // switched on by the solver below only for `.second`
  if lineShape.kind == .continuum {
    let c2 = secondOrder * (p.dipolarStrength / delta) * (p.dipolarStrength / delta)
    equations = .continuum(model, secondOrder: c2, absoluteTolerance: 1e-14 * model.continuumRateScale())
  } else {
    let scaledWeights = pairWeights.map { $0.map { secondOrder * $0 / (delta * delta) } }
    equations = .discrete(model, xi: xiOffsets, pairWeights: scaledWeights)
  }
  let rateScale = equations.rateScale()

  // Newton for the equations with the second-order terms multiplied by `fraction` (0: first order).
  func newton(fraction: Double, from start: SIMD2<Double>) throws -> (solution: SIMD2<Double>?, residual: Double) {
    // One evaluation gives residual and Jacobian; the Jacobian is requested at the last residual point.
    var cache: (x: SIMD2<Double>, v: SIMD8<Double>)? = nil
    func values(_ x: SIMD2<Double>) throws -> SIMD8<Double> {
      if let cache, cache.x == x { return cache.v }
      let v = try equations.evaluate(a: x.x, b: x.y, secondOrderFactor: fraction) / rateScale
      cache = (x, v)
      return v
    }
    func residual(_ x: SIMD2<Double>) throws -> SIMD2<Double> {
      let v = try values(x)
      return SIMD2(v[0], v[1])
    }
    func jacobian(_ x: SIMD2<Double>) throws -> (SIMD2<Double>, SIMD2<Double>) {
      let v = try values(x)
      return (SIMD2(v[2], v[3]), SIMD2(v[4], v[5]))
    }
    let outcome = try dampedNewton2D(
      start: start, tolerance: 1e-15, acceptable: 1e-9, noiseFloor: 1e-11, residual, jacobian: jacobian)
    return (outcome.converged ? outcome.point : nil, outcome.residual)
  }
  // First order: a convex problem, Newton from the high-temperature start.
  let firstOrder = try newton(fraction: 0, from: [0, 0])
  guard var x = firstOrder.solution else {
    throw PerturbativeSpinTemperatureError.notConverged(residual: firstOrder.residual)
  }
  if order == .second {
    // Second order from the first-order solution; if that fails, continuation in the size of the O(U²) terms.
    let direct = try newton(fraction: 1, from: x)
    if let solution = direct.solution {
      x = solution
    } else {
      var fraction = 0.0, step = 0.25, lastResidual = direct.residual
      while fraction < 1 {
        let next = min(1, fraction + step)
        let attempt = try newton(fraction: next, from: x)
        if let solution = attempt.solution {
          x = solution
          fraction = next
          step *= 2
        } else {
          lastResidual = attempt.residual
          step /= 2
          if step < 1.0 / 64 {
            // No solution connected to the first-order one: U is too large for the expansion.
            throw PerturbativeSpinTemperatureError.notConverged(residual: lastResidual)
          }
        }
      }
    }
  }
  return result(a: x.x, b: x.y)
}

// MARK: - κ and its derivatives in the scaled variables

/// `tanh z − tanh y` without cancellation: `sinh(z − y) sech z sech y`.
@inline(__always) private func tanhDifference(_ z: Double, _ y: Double) -> Double {
  let d = z - y
  guard abs(d) < 700 else { return tanh(z) - tanh(y) }
  return sinh(d) * sech(z) * sech(y)
}

/// `1/cosh x` without overflow.
@inline(__always) private func sech(_ x: Double) -> Double {
  let e = exp(-abs(x))
  return 2 * e / (1 + e * e)
}

/// κ of eq. 21 (or 22) as a function of ξ = (ω − ω_e)/Δ with `Pe = −tanh(Aξ + B)`, and its derivatives.
private struct KappaModel {
  let betaHalf: Double, omegaE: Double, delta: Double
  let relaxation: Double  // 1/(2T1e)
  let mwStrength: Double  // T2e ω1²
  let t2Delta: Double  // T2e Δ
  let xiMW: Double
  let borghini: Bool
  /// Borghini's point mass per unit ξ: π ω1² / Δ.
  let borghiniWeight: Double

  init(_ p: ThermalMixingParameters, scale: Double, borghini: Bool) {
    betaHalf = p.beta / 2
    omegaE = p.electronLarmor
    delta = scale
    relaxation = 1 / (2 * p.t1e)
    mwStrength = p.t2e * p.microwaveAmplitude * p.microwaveAmplitude
    t2Delta = p.t2e * scale
    xiMW = (p.microwaveFrequency - p.electronLarmor) / scale
    self.borghini = borghini
    borghiniWeight = .pi * p.microwaveAmplitude * p.microwaveAmplitude / scale
  }

  /// βω/2 at ξ.
  @inline(__always) func y(_ xi: Double) -> Double { betaHalf * (omegaE + delta * xi) }

  struct Values {
    /// κ, ∂κ/∂A, ∂κ/∂B.
    var k: Double, ka: Double, kb: Double
    /// Their ξ-derivatives.
    var dk: Double, dka: Double, dkb: Double
    /// w = 1/(2T1) + T2 ω1² L (the coefficient of tanh(Aξ + B)).
    var w: Double
  }

  /// κ and friends at ξ (Lorentzian part omitted for Borghini: its δ is handled by the caller).
  @inline(__always) func values(_ xi: Double, a: Double, b: Double) -> Values {
    let z = a * xi + b
    let yy = y(xi)
    let t = tanh(z)
    let sz = sech(z)
    let s = sz * sz
    let sy = sech(yy)
    let diff = tanhDifference(z, yy)
    var lor = 0.0, dlor = 0.0
    if !borghini {
      let u = t2Delta * (xi - xiMW)
      lor = 1 / (1 + u * u)
      dlor = -2 * t2Delta * u * lor * lor
    }
    let w = relaxation + mwStrength * lor
    let dw = mwStrength * dlor
    let k = relaxation * diff + mwStrength * lor * t
    let dk = relaxation * (a * s - betaHalf * delta * sy * sy) + mwStrength * (dlor * t + lor * a * s)
    let kb = w * s
    let dkb = dw * s - 2 * w * t * s * a
    return Values(k: k, ka: xi * kb, kb: kb, dk: dk, dka: kb + xi * dkb, dkb: dkb, w: w)
  }

  /// The six functional arguments (κ, ξκ, κ_A, ξκ_A, κ_B, ξκ_B) at ξ.
  @inline(__always) func components(_ xi: Double, a: Double, b: Double) -> SIMD8<Double> {
    let v = values(xi, a: a, b: b)
    return SIMD8(v.k, xi * v.k, v.ka, xi * v.ka, v.kb, xi * v.kb, 0, 0)
  }

  /// Their ξ-derivatives.
  @inline(__always) func componentsAndDerivatives(_ xi: Double, a: Double, b: Double) -> (
    SIMD8<Double>, SIMD8<Double>
  ) {
    let v = values(xi, a: a, b: b)
    let c = SIMD8(v.k, xi * v.k, v.ka, xi * v.ka, v.kb, xi * v.kb, 0, 0)
    let d = SIMD8(v.dk, v.k + xi * v.dk, v.dka, v.ka + xi * v.dka, v.dkb, v.kb + xi * v.dkb, 0, 0)
    return (c, d)
  }

  /// ⟨w⟩ for f uniform on [−1, 1]: `1/(2T1) + T2 ω1² ⟨L⟩` (or `π ω1²/(2Δ)` for Borghini).
  func continuumRateScale() -> Double {
    if borghini { return relaxation + (abs(xiMW) < 1 ? borghiniWeight / 2 : 0) }
    let g = t2Delta
    let lorentzianMean = (atan(g * (1 - xiMW)) + atan(g * (1 + xiMW))) / (2 * g)
    return relaxation + mwStrength * lorentzianMean
  }

  /// Borghini's point mass at ξ_MW for the six components (zero if ω_MW is outside the line or not Borghini).
  func borghiniMass(a: Double, b: Double) -> SIMD8<Double> {
    guard borghini, abs(xiMW) < 1 else { return .zero }
    let z = a * xiMW + b
    let t = tanh(z)
    let s = sech(z) * sech(z)
    let c = borghiniWeight * t, cb = borghiniWeight * s
    return SIMD8(c, xiMW * c, xiMW * cb, xiMW * xiMW * cb, cb, xiMW * cb, 0, 0)
  }
}

/// The two balance equations and their Jacobian as linear functionals Φ of the six components.
/// `evaluate` returns (Φ[κ], Φ[ξκ], Φ[κ_A], Φ[ξκ_A], Φ[κ_B], Φ[ξκ_B]).
private enum BalanceEquations {
  /// f uniform on ξ ∈ [−1, 1]; `secondOrder` = λU²/Δ²; quadrature errors below `absoluteTolerance` (in s⁻¹)
  /// are accepted even where a component integrates to ≈ 0 (κ itself at the solution).
  case continuum(KappaModel, secondOrder: Double, absoluteTolerance: Double)
  /// f = (1/N) Σ δ(ξ − ξ_j); `pairWeights[j][l]` = λ V_jl²/Δ² (V² = U²/N or U_jl²), 0 for first order.
  case discrete(KappaModel, xi: [Double], pairWeights: [[Double]])

  /// ⟨w⟩_f, the typical size of the rates, to scale the residuals.
  func rateScale() -> Double {
    switch self {
    case .continuum(let m, _, _):
      return m.continuumRateScale()
    case .discrete(let m, let xi, _):
      return xi.reduce(0) { $0 + m.values($1, a: 0, b: 0).w } / Double(xi.count)
    }
  }

  /// The six functionals with the second-order terms multiplied by `secondOrderFactor`.
  func evaluate(a: Double, b: Double, secondOrderFactor: Double) throws -> SIMD8<Double> {
    switch self {
    case .continuum(let m, let fullC2, let absoluteTolerance):
      let c2 = fullC2 * secondOrderFactor
      let upper = m.components(1, a: a, b: b), lower = m.components(-1, a: a, b: b)
      var breakpoints: [Double] = [-1, 1]
      if m.t2Delta > 0 && !m.borghini {
        let width = 1 / m.t2Delta
        for k in [0.0, 1, 4, 16, 64, 256, 1024] {
          for sign in [-1.0, 1.0] where abs(m.xiMW + sign * k * width) < 1 {
            breakpoints.append(m.xiMW + sign * k * width)
          }
        }
      }
      // ∫ f K + c2 ∫∫ f f ∂_ξ g  =  ½ ∫ K + (c2/4) ∫ [(K(1) − K(η))/(1 − η) + (K(−1) − K(η))/(1 + η)] dη.
      var total: SIMD8<Double> = try adaptiveGaussKronrod(breakpoints: breakpoints, absoluteTolerance: absoluteTolerance) {
        eta -> SIMD8<Double> in
        let v = m.components(eta, a: a, b: b)
        var r = 0.5 * v
        if c2 != 0 {
          let up: SIMD8<Double> = (upper - v) / (1 - eta)
          let down: SIMD8<Double> = (lower - v) / (1 + eta)
          r += (c2 / 4) * (up + down)
        }
        return r
      }
      let mass = m.borghiniMass(a: a, b: b)
      if mass != .zero {
        total += 0.5 * mass
        if c2 != 0 {
          let factor: Double = (c2 / 4) * (1 / (1 - m.xiMW) + 1 / (1 + m.xiMW))
          total -= factor * mass
        }
      }
      return total
    case .discrete(let m, let xi, let weights):
      let n = xi.count
      guard secondOrderFactor != 0 else {
        return xi.reduce(SIMD8<Double>.zero) { $0 + m.components($1, a: a, b: b) } / Double(n)
      }
      let cd = xi.map { m.componentsAndDerivatives($0, a: a, b: b) }
      var total = SIMD8<Double>.zero
      for j in 0..<n {
        total += cd[j].0
        for l in 0..<n where l != j && weights[j][l] != 0 {
          let d = xi[j] - xi[l]
          // ∂_ξj [(K_j − K_l)/(ξ_j − ξ_l)] = K'_j/d − (K_j − K_l)/d².
          let slope: SIMD8<Double> = cd[j].1 / d
          let chord: SIMD8<Double> = (cd[j].0 - cd[l].0) / (d * d)
          total += (secondOrderFactor * weights[j][l]) * (slope - chord)
        }
      }
      return total / Double(n)
    }
  }
}
