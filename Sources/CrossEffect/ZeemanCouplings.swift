import ComplexModule
import SpinPhysics

/// The CE Hamiltonian (SPEC §5) split in the Zeeman product basis into its diagonal H_0 and its off-diagonal V,
/// with the coherence decay rates of eq. 1's dissipator: the ingredients of the adiabatic elimination of
/// ``ZeemanProjection`` (docs/cross-effect-rates.md §1–2). Register: bits 0, 1 electrons, bit 2 + k nucleus k.
struct ZeemanCouplings {
  let parameters: CrossEffectParameters
  let spins: CrossEffectSpins

  /// One nonzero off-diagonal element ⟨to|V|from⟩ and the term of V it comes from.
  struct Move {
    var to: UInt32
    var element: Complex<Double>
    var kind: ZeemanProcessKind
  }

  private static func m(_ s: UInt32, _ i: Int) -> Double { SpinBasis.sz(s, i) }

  /// ⟨s|H_0|s⟩ = Σ_j Δ_j s_j + 2D s_1 s_2 + Σ_k (ω_I + Σ_j A_jk s_j) m_k + Σ_{k<k′} 2 d_kk′ m_k m_k′.
  func energy(_ s: UInt32) -> Double {
    let p = parameters, n = spins.nuclei
    var e = p.electronOffsets[0] * Self.m(s, 0) + p.electronOffsets[1] * Self.m(s, 1)
    e += 2 * p.electronCoupling * Self.m(s, 0) * Self.m(s, 1)
    for k in 0..<n {
      let mk = Self.m(s, 2 + k)
      e +=
        (p.nuclearLarmor + spins.secularHyperfine[0][k] * Self.m(s, 0) + spins.secularHyperfine[1][k]
          * Self.m(s, 1)) * mk
      for l in (k + 1)..<max(k + 1, n) { e += 2 * spins.nuclearCouplings[k][l] * mk * Self.m(s, 2 + l) }
    }
    return e
  }

  /// Γ⁰_fi, the coherence's own decay under eq. 1: each flipped electron R2 (from 2R2 L(S_z)) + R1/2 (half of
  /// Γ_1+ + Γ_1−), each flipped nucleus r2 + r1/2.
  func ownDecay(_ i: UInt32, _ f: UInt32) -> Double {
    let flipped = i ^ f
    return Self.ownDecay(
      parameters, electrons: (flipped & 3).nonzeroBitCount, nuclei: (flipped >> 2).nonzeroBitCount)
  }

  // MARK: - The formulas, as functions of local quantities (shared with ``ZeemanKineticMonteCarlo``)

  /// Γ⁰ of a coherence that flips `electrons` electrons and `nuclei` nuclei.
  static func ownDecay(_ p: CrossEffectParameters, electrons: Int, nuclei: Int) -> Double {
    Double(electrons) * (p.electronDecoherence + p.electronRelaxation / 2)
      + Double(nuclei) * (p.nuclearDecoherence + p.nuclearRelaxation / 2)
  }

  /// The loss κ Δδ²/(Δδ² + Γ⁰²) of a coherence by one spectator flipping at rate κ and shifting δ by Δδ.
  static func spectatorLoss(kappa: Double, shift: Double, ownDecay own: Double) -> Double {
    kappa * shift * shift / (shift * shift + own * own)
  }

  /// An electron's flip rate as a spectator: T1 from its state plus the first-order microwave rate with its
  /// own decay only, at the flip's detuning.
  /// (The formula lives in ``HotConstants/electronFlipRate(isUp:detuning:)``, which the kMC keeps ready.)
  static func electronFlipRate(_ p: CrossEffectParameters, isUp: Bool, detuning: Double) -> Double {
    HotConstants(p).electronFlipRate(isUp: isUp, detuning: detuning)
  }

  /// The path weight ½[1/(E_s − E_q) + 1/(E_f − E_q)] of (R2).
  static func secondOrderWeight(start es: Double, intermediate eq: Double, end ef: Double) -> Double {
    0.5 * (1 / (es - eq) + 1 / (ef - eq))
  }

  /// (R1): 2|V|² Γ/(Γ² + δ²), or nil where Γ = δ = 0.
  static func incoherentRate(couplingSquared v2: Double, decay gamma: Double, detuning delta: Double)
    -> Double?
  {
    let denominator = gamma * gamma + delta * delta
    guard denominator > 0 else { return nil }
    return 2 * v2 * gamma / denominator
  }

  /// Γ_fi = Γ⁰_fi + Σ_x κ_x Δδ_x²/(Δδ_x² + Γ⁰_fi²) over the spectators x (spins flipped in neither direction):
  /// a spectator jump (its T1, and for an electron its first-order microwave flip, at rate κ_x averaged over
  /// i and f) moves |f⟩⟨i| to the coherence with x flipped in both, whose detuning differs by Δδ_x. Where
  /// Δδ_x = 0 (e.g. D = 0 for an electron) the coherence carries on unchanged and nothing is lost; where
  /// |Δδ_x| ≫ Γ⁰ it is lost, the slow-exchange limit of the Kubo–Anderson line (width Γ⁰ + κ_x). This matters
  /// for nuclear flip-flops next to a saturated electron (Γ⁰ = 2r2 + r1 against κ ≈ the microwave rate);
  /// elsewhere it is a correction of order κ/R2 (docs/cross-effect-rates.md §3).
  func coherenceDecay(_ i: UInt32, _ f: UInt32) -> Double {
    let own = ownDecay(i, f), delta = energy(f) - energy(i), flipped = i ^ f
    var total = own
    for x in 0..<(2 + spins.nuclei) where (flipped >> UInt32(x)) & 1 == 0 {
      let bit: UInt32 = 1 << UInt32(x)
      let shift = energy(f ^ bit) - energy(i ^ bit) - delta
      guard shift != 0 else { continue }
      let kappa = 0.5 * (spectatorFlipRate(i, x) + spectatorFlipRate(f, x))
      total += Self.spectatorLoss(kappa: kappa, shift: shift, ownDecay: own)
    }
    return total
  }

  /// The rate at which spin x leaves its state in s by T1 and, for an electron, by the first-order microwave
  /// flip with its own decay only (R1 with Γ⁰ = R2 + R1/2).
  func spectatorFlipRate(_ s: UInt32, _ x: Int) -> Double {
    let p = parameters
    guard x < 2 else { return p.nuclearRelaxation / 2 }
    let t = s ^ (1 << UInt32(x))
    return Self.electronFlipRate(p, isUp: (s >> UInt32(x)) & 1 == 1, detuning: energy(t) - energy(s))
  }

  /// The nonzero ⟨t|V|s⟩: ω1/2 per electron flip; −D/2 for the electron flip-flop; b_k/2 raising and b_k*/2
  /// lowering nucleus k, with b_k = Σ_j B_jk s_j (the electrons' S_jz in s); −d_kk′/2 for a nuclear flip-flop.
  func moves(from s: UInt32) -> [Move] {
    let p = parameters, n = spins.nuclei
    var out: [Move] = []
    if p.microwaveAmplitude != 0 {
      for j in 0..<2 {
        out.append(
          Move(to: s ^ (1 << UInt32(j)), element: Complex(p.microwaveAmplitude / 2, 0), kind: .microwave))
      }
    }
    if p.electronCoupling != 0, let t = SpinBasis.flipFlop(s, 0, 1) {
      out.append(Move(to: t, element: Complex(-p.electronCoupling / 2, 0), kind: .electronFlipFlop))
    }
    for k in 0..<n {
      var b = Complex<Double>.zero
      for j in 0..<2 {
        let bjk = spins.pseudosecularHyperfine[j][k]
        b = b + Complex(bjk[0] * Self.m(s, j), bjk[1] * Self.m(s, j))
      }
      if b != .zero {
        let raising = (s >> UInt32(2 + k)) & 1 == 0
        out.append(
          Move(
            to: s ^ (1 << UInt32(2 + k)), element: (raising ? b : b.conjugate) * Complex(0.5, 0),
            kind: .hyperfineNuclearFlip))
      }
      for l in (k + 1)..<max(k + 1, n) where spins.nuclearCouplings[k][l] != 0 {
        if let t = SpinBasis.flipFlop(s, 2 + k, 2 + l) {
          out.append(
            Move(to: t, element: Complex(-spins.nuclearCouplings[k][l] / 2, 0), kind: .nuclearFlipFlop))
        }
      }
    }
    return out
  }

  /// The valid second-order elements V^eff_fi (eq. R2 of ``ZeemanProjection``) from s to the states f ≠ s that
  /// V does not connect to s directly. Valid: every intermediate q has |E_q − E_s|, |E_q − E_f| ≥
  /// ``ZeemanProjection/secondOrderMargin`` × max(|E_f − E_s|, Γ⁰_fs).
  func secondOrder(from s: UInt32, excluding direct: Set<UInt32>) -> [(UInt32, Complex<Double>)] {
    let es = energy(s)
    var amplitude: [UInt32: Complex<Double>] = [:]
    var closest: [UInt32: Double] = [:]  // the smallest intermediate detuning seen for each f
    for first in moves(from: s) {
      let eq = energy(first.to)
      for second in moves(from: first.to) where second.to != s && !direct.contains(second.to) {
        let f = second.to, ef = energy(f)
        let detuning = min(abs(es - eq), abs(ef - eq))
        closest[f] = min(closest[f] ?? .infinity, detuning)
        guard detuning > 0 else { continue }
        let weight = Self.secondOrderWeight(start: es, intermediate: eq, end: ef)
        let product: Complex<Double> = second.element * first.element
        let term: Complex<Double> = product * Complex(weight, 0)
        amplitude[f] = (amplitude[f] ?? .zero) + term
      }
    }
    return amplitude.keys.sorted().compactMap { f in
      let v = amplitude[f]!
      let scale = max(abs(energy(f) - es), ownDecay(s, f))
      guard v != .zero, closest[f]! >= ZeemanProjection.secondOrderMargin * scale else { return nil }
      return (f, v)
    }
  }

  /// W_{i→f} = 2|V|² Γ_fi/(Γ_fi² + δ_fi²) (eq. R1 of ``ZeemanProjection``).
  func rate(coupling v: Complex<Double>, from i: UInt32, to f: UInt32) throws -> Double {
    let gamma = coherenceDecay(i, f), delta = energy(f) - energy(i)
    guard let w = Self.incoherentRate(couplingSquared: v.lengthSquared, decay: gamma, detuning: delta) else {
      throw CrossEffectError(
        message: "a coupled pair of Zeeman states is degenerate and its coherence does not decay: "
          + "no incoherent rate (\(String(i, radix: 2)) → \(String(f, radix: 2)))")
    }
    return w
  }
}
