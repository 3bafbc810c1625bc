/// Upper bounds on the nuclear flip-flop rates of ``ZeemanKineticMonteCarlo`` that depend on the two electrons'
/// states only, so that the flip-flops can be sampled by thinning: proposed at the bound rate from a sum tree
/// that never changes during a trajectory, and accepted with probability rate/bound.
///
/// For the flip-flop of nuclei k, l (m_l = −m_k; otherwise the rate is 0) the rate (R1) is W = 2v²Γ/(Γ² + δ²)
/// with v² = d_kl²/4 (V = −d_kl/2) and, from δ = Σ_{y∈F} (−2s_y)(L_y − Σ_{z∈F, z≠y} J_yz s_z),
///
///     |δ| = |E + F|,   E = Σ_j (A_jk − A_jl) s_j,   F = Σ_{i≠k,l} 2(d_ki − d_li) m_i,   |F| ≤ R = Σ_i |d_ki − d_li|,
///
/// so |δ| ≥ δ_min = max(0, |E| − R), with E fixed by the electrons. The decay (docs/cross-effect-rates.md §3)
/// Γ = Γ⁰ + N(m_k) + Σ_j κ_j S_j lies in [Γ_lo, Γ_hi]: N is the tabulated nuclear spectator loss (its minimum and
/// maximum over m_k), S_j = ΔA_j²/(ΔA_j² + Γ⁰²) with ΔA_j = A_jk − A_jl depends on the pair only, and electron
/// j's spectator flip rate κ_j lies between its T1 rate (1 ± p)R1/2 and that plus the largest first-order
/// microwave rate ω1²/(2γ), γ = R2 + R1/2. Γ/(Γ² + δ²) is largest at δ = δ_min and Γ = clamp(δ_min, Γ_lo, Γ_hi):
///
///     W ≤ 2v² Γ*/(Γ*² + δ_min²),   Γ* = min(max(δ_min, Γ_lo), Γ_hi),
///
/// inflated by 10⁻⁹ relative for rounding. The bound is tight for a pair near resonance and loose (by up to
/// (Γ_hi/Γ_lo) and ((|E| + R)/δ_min)²) elsewhere; such pairs are slow and propose rarely.
/// - Complexity: O(n) per pair (R), O(P_ff · n) in all, P_ff ≤ n(n − 1)/2.
enum NuclearFlipFlopBound {
  /// The bound for pair (k, l) (spin indices) in electron configuration `electrons` (bit j: electron j up).
  static func bound(
    parameters p: CrossEffectParameters, k: Int, l: Int, electrons: Int, coupling j: [Double], spinCount: Int,
    spread: Double, spectatorLoss: (minimum: Double, maximum: Double)
  ) -> Double {
    let jkl = j[k * spinCount + l], v2 = (jkl / 2) * (jkl / 2) / 4
    guard v2 > 0 else { return 0 }
    let own = ZeemanCouplings.ownDecay(p, electrons: 0, nuclei: 2)
    let electronDecay = ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 0)
    let w1 = p.microwaveAmplitude
    let microwave = electronDecay > 0 ? 0.5 * w1 * w1 / electronDecay : 0
    var e = 0.0, low = own + spectatorLoss.minimum, high = own + spectatorLoss.maximum
    for x in 0..<2 {
      let up = (electrons >> x) & 1 == 1
      let difference = j[x * spinCount + k] - j[x * spinCount + l]
      e += difference * (up ? 0.5 : -0.5)
      guard difference != 0 else { continue }
      let s = difference * difference / (difference * difference + own * own)
      let t1 = (1 + (up ? p.electronPolarization : -p.electronPolarization)) * p.electronRelaxation / 2
      low += t1 * s
      high += (t1 + microwave) * s
    }
    let delta = max(0, abs(e) - spread)
    let gamma = min(max(delta, low), high)
    return 2 * v2 * gamma / (gamma * gamma + delta * delta) * (1 + 1e-9)
  }

  /// The four trees (electron configuration 0…3) over the flip-flops `pairs` (spin indices, in process order,
  /// the first being process `firstIndex`). `spectatorLoss(q, bits)` is the tabulated nuclear spectator loss.
  static func trees(
    parameters p: CrossEffectParameters, processes pairs: [(Int, Int)], coupling j: [Double], spinCount: Int,
    spectatorLoss: (Int, Int) -> Double, firstIndex: Int
  ) -> [RateTree] {
    var trees = [RateTree](repeating: RateTree(count: pairs.count), count: 4)
    for (index, (k, l)) in pairs.enumerated() {
      var spread = 0.0
      j.withUnsafeBufferPointer { j in
        let rowK = k * spinCount, rowL = l * spinCount
        for i in 2..<spinCount where i != k && i != l { spread += abs(j[rowK + i] - j[rowL + i]) / 2 }
      }
      let q = firstIndex + index
      let a = spectatorLoss(q, 1), b = spectatorLoss(q, 2)
      for electrons in 0..<4 {
        trees[electrons].setLeaf(
          index,
          bound(
            parameters: p, k: k, l: l, electrons: electrons, coupling: j, spinCount: spinCount, spread: spread,
            spectatorLoss: (min(a, b), max(a, b))))
      }
    }
    for electrons in 0..<4 { trees[electrons].rebuild() }
    return trees
  }
}
