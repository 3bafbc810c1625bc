import ComplexModule

/// Upper bounds on the rates of the processes that ``ZeemanKineticMonteCarlo`` samples by thinning (nuclear T1,
/// whose constant rate r1/2 bounds itself, hyperfine nuclear flips, solid effect, nuclear flip-flops): each bound depends on the two electrons' states only, so the
/// four trees of bounds never change during a trajectory, and a nuclear jump costs no update of these processes.
/// A process is proposed at its bound rate and accepted with probability rate/bound (exact: the accepted
/// proposals form the jump process with the exact rates).
///
/// Every rate is (R1) W = 2|V|²Γ/(Γ² + δ²). The energy differences are linear in the spins: with the electrons
/// (and the process's nucleus k, where enumerated) fixed, a detuning δ(G) for flipping the set G is
/// c + Σ_i a_i m_i over the other nuclei i, so |δ| ≥ max(0, |c| − ½Σ_i |a_i|) =: δ_min(G). The decay is
/// Γ = Γ⁰ + N(bits) + Σ_x κ_x S_x (docs/cross-effect-rates.md §3) with the nuclear spectator table N and the
/// electron spectators' S_x = Δδ_x²/(Δδ_x² + Γ⁰²) fixed by the flipped spins' states, and κ_x between the T1 rate
/// (1 ± p)R1/2 and that plus the largest first-order microwave rate ω1²/(2γ), γ = R2 + R1/2: Γ ∈ [Γ_lo, Γ_hi].
/// Then W ≤ 2|V|²_max Γ*/(Γ*² + δ_min²) with Γ* = min(max(δ_min, Γ_lo), Γ_hi) (the largest value of Γ/(Γ² + δ²)
/// over the box).
/// - Hyperfine flip: |V|² = |b_k|²/4 is fixed by the electrons; the bound is the maximum over m_k.
/// - Solid effect (electron e, nucleus k): |V^eff| ≤ Σ_paths |first||second| ½(1/|E_q| + 1/|E_f − E_q|) over its two
///   paths (R2), each 1/|·| at most 1/max(δ_min of that move, M·max(δ_min(f), Γ⁰)) because a valid V^eff has
///   every intermediate at least M = ``ZeemanProjection/secondOrderMargin`` × max(|δ_f|, Γ⁰) away; the maximum
///   over m_k.
/// - Nuclear flip-flop (k, l; m_l = −m_k or the rate is 0): |δ| = |E + F|, E = Σ_j (A_jk − A_jl) s_j and |F| ≤
///   R = Σ_{i≠k,l} |d_ki − d_li|; the bound takes N's extremes over m_k.
/// Bounds are inflated by 10⁻⁹ (relative, and δ_min lowered by 10⁻⁹ of its terms) against rounding.
/// - Complexity: O(n) per process and electron configuration, O(P · n) in all.
extension ZeemanKineticMonteCarlo {
  func makeThinningBounds() -> [AliasTable] {
    // R of each flip-flop once (O(n) each), not once per electron configuration.
    let n = spinCount
    let spreads = (thinnedStart..<processes.count).map { q -> Double in
      guard processes[q].kind == .nuclearFlipFlop else { return 0 }
      let k = processes[q].a, l = processes[q].b
      var spread = 0.0
      coupling.withUnsafeBufferPointer { j in
        for i in 2..<n where i != k && i != l { spread += abs(j[k * n + i] - j[l * n + i]) / 2 }
      }
      return spread
    }
    return (0..<4).map { electrons in
      AliasTable(
        weights: (thinnedStart..<processes.count).map {
          rateBound($0, electrons: electrons, spread: spreads[$0 - thinnedStart])
        })
    }
  }

  /// max over Γ ∈ [low, high] and |δ| ≥ δ_min of Γ/(Γ² + δ²).
  private static func lorentzianBound(delta: Double, low: Double, high: Double) -> Double {
    let gamma = min(max(delta, low), high)
    return gamma / (gamma * gamma + delta * delta)
  }

  /// δ_min(G) with the electrons' and nucleus `known`'s states from `spin` (½ or −½), the other nuclei free.
  private func minimumDetuning(_ g: [Int], known: Int, _ spin: (Int) -> Double) -> Double {
    var centre = 0.0, radius = 0.0, scale = 0.0
    for y in g {
      var l = field[y]
      for z in [0, 1, known] where !g.contains(z) { l += coupling[y * spinCount + z] * spin(z) }
      centre += -2 * spin(y) * l
      scale += abs(2 * l)
    }
    for i in 2..<spinCount where i != known && !g.contains(i) {
      var a = 0.0
      for y in g { a += -2 * spin(y) * coupling[y * spinCount + i] }
      radius += abs(a) / 2
    }
    return max(0, abs(centre) - radius - 1e-9 * (scale + radius))
  }

  /// Γ_lo, Γ_hi for the flip of `f` with its spins in the states of `spin`.
  private func decayRange(_ q: Int, _ f: [Int], _ spin: (Int) -> Double) -> (Double, Double) {
    let p = parameters
    let electrons = f.filter { $0 < 2 }.count
    let own = ZeemanCouplings.ownDecay(p, electrons: electrons, nuclei: f.count - electrons)
    var bits = 0
    for (u, y) in f.enumerated() where spin(y) > 0 { bits |= 1 << u }
    let n = nuclearSpectatorLoss[8 * q + bits]
    var low = own + n, high = own + n
    let electronDecay = ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 0)
    let microwave = electronDecay > 0 ? 0.5 * p.microwaveAmplitude * p.microwaveAmplitude / electronDecay : 0
    for x in 0..<2 where !f.contains(x) {
      var sum = 0.0
      for y in f { sum += coupling[x * spinCount + y] * spin(y) }
      let shift = 4 * spin(x) * sum
      guard shift != 0 else { continue }
      let s = shift * shift / (shift * shift + own * own)
      let t1 =
        (1 + (spin(x) > 0 ? p.electronPolarization : -p.electronPolarization)) * p.electronRelaxation / 2
      low += t1 * s
      high += (t1 + microwave) * s
    }
    return (low, high)
  }

  /// The bound on process q's rate in electron configuration `electrons` (bit j: electron j up); `spread` is a
  /// flip-flop's R.
  func rateBound(_ q: Int, electrons: Int, spread: Double) -> Double {
    let p = parameters, f = processes[q]
    let s0 = electrons & 1 == 1 ? 0.5 : -0.5, s1 = electrons & 2 == 2 ? 0.5 : -0.5
    switch f.kind {
    case .nuclearRelaxation:
      return p.nuclearRelaxation / 2 * (1 + 1e-9)
    case .nuclearFlipFlop:
      return flipFlopBound(q, s0: s0, s1: s1, spread: spread)
    case .hyperfineNuclearFlip, .solidEffect:
      let k = f.kind == .solidEffect ? f.b : f.a
      var best = 0.0
      for mk in [-0.5, 0.5] {
        func spin(_ y: Int) -> Double { y == 0 ? s0 : y == 1 ? s1 : mk }
        func flipped(_ x: Int) -> (Int) -> Double { { y in y == x ? -spin(y) : spin(y) } }
        func b(_ spin: (Int) -> Double) -> Double {
          let b0 = pseudosecular[0][k - 2], b1 = pseudosecular[1][k - 2]
          return (b0 * Complex(spin(0), 0) + b1 * Complex(spin(1), 0)).length
        }
        let v: Double, g: [Int]
        if f.kind == .hyperfineNuclearFlip {
          g = [k]
          v = b(spin) / 2
        } else {
          let e = f.a
          g = [e, k]
          let own = ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 1)
          let clamp = ZeemanProjection.secondOrderMargin * max(minimumDetuning(g, known: k, spin), own)
          func weight(_ eq: Double, _ rest: Double) -> Double {
            0.5 * (1 / max(eq, clamp) + 1 / max(rest, clamp))
          }
          let w1 = abs(p.microwaveAmplitude) / 2
          // Electron first (b_k with e flipped in the second move), then the nucleus first.
          let second = b(flipped(e)) / 2, first = b(spin) / 2
          var sum = 0.0
          if w1 != 0, second != 0 {
            sum +=
              w1 * second
              * weight(minimumDetuning([e], known: k, spin), minimumDetuning([k], known: k, flipped(e)))
          }
          if first != 0, w1 != 0 {
            sum +=
              first * w1
              * weight(minimumDetuning([k], known: k, spin), minimumDetuning([e], known: k, flipped(k)))
          }
          v = sum
        }
        guard v > 0 else { continue }
        let (low, high) = decayRange(q, g, spin)
        let delta = minimumDetuning(g, known: k, spin)
        best = max(best, 2 * v * v * Self.lorentzianBound(delta: delta, low: low, high: high))
      }
      return best * (1 + 1e-9)
    default:
      preconditionFailure("\(f.kind) is not thinned")
    }
  }

  /// The flip-flop bound of the type comment: E from the electrons, R over the other nuclei, N's extremes.
  private func flipFlopBound(_ q: Int, s0: Double, s1: Double, spread: Double) -> Double {
    let p = parameters, f = processes[q], k = f.a, l = f.b, n = spinCount
    let jkl = coupling[k * n + l], v2 = (jkl / 2) * (jkl / 2) / 4
    guard v2 > 0 else { return 0 }
    let own = ZeemanCouplings.ownDecay(p, electrons: 0, nuclei: 2)
    let electronDecay = ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 0)
    let microwave = electronDecay > 0 ? 0.5 * p.microwaveAmplitude * p.microwaveAmplitude / electronDecay : 0
    let a = nuclearSpectatorLoss[8 * q + 1], b = nuclearSpectatorLoss[8 * q + 2]
    var e = 0.0, scale = 0.0, low = own + min(a, b), high = own + max(a, b)
    for (x, sx) in [(0, s0), (1, s1)] {
      let difference = coupling[x * n + k] - coupling[x * n + l]
      e += difference * sx
      scale += abs(difference) / 2
      guard difference != 0 else { continue }
      let s = difference * difference / (difference * difference + own * own)
      let t1 = (1 + (sx > 0 ? p.electronPolarization : -p.electronPolarization)) * p.electronRelaxation / 2
      low += t1 * s
      high += (t1 + microwave) * s
    }
    let delta = max(0, abs(e) - spread - 1e-9 * (scale + spread))
    return 2 * v2 * Self.lorentzianBound(delta: delta, low: low, high: high) * (1 + 1e-9)
  }

  // MARK: - The cross effect, in a window of the electrons' hyperfine field

  /// X = Σ_i (A_1i − A_2i) m_i over all nuclei, from the walker's local fields.
  func hyperfineField(_ w: Walker) -> Double {
    (w.local[0] - field[0] - coupling[1] * w.s[1]) - (w.local[1] - field[1] - coupling[spinCount] * w.s[0])
  }

  /// The half-width W of the X window of the cross-effect bounds: 2Γ⁰ of the three-spin coherence (2R2 + R1 + r2
  /// + r1/2). Wider windows are rebuilt less often (X moves by A_1i − A_2i per flip of nucleus i) but bound a
  /// near-resonant rate less tightly (by up to 1 + (W/Γ)² = 5).
  var crossEffectWindow: Double { 2 * ZeemanCouplings.ownDecay(parameters, electrons: 2, nuclei: 1) }

  /// The bound on the cross-effect rate of process q (nucleus k) for the electrons in configuration `electrons`
  /// and |X − centre| ≤ ``crossEffectWindow``, the other nuclei free. With σ = s_1 = −s_2 (else the rate is 0),
  /// m = m_k, ΔA = A_1k − A_2k, D_k = Σ_{i≠k} 2d_ki m_i (|D_k| ≤ R_k, ``nuclearFieldSpread``), Δ = Δ_1 − Δ_2:
  ///
  ///     δ_f = −2σ(Δ + X − ΔA m) − 2m(ω_I + D_k)          (all three flipped)
  ///     E_q1 = −2σ(Δ + X),   E_f − E_q1 = −2m(ω_I − σΔA + D_k)      (electrons first)
  ///     E_q2 = −2m(ω_I + σΔA + D_k),   E_f − E_q2 = −2σ(Δ + X − 2ΔA m)   (nucleus first)
  ///
  /// each with its range from X's window and D_k; both paths carry |D/2| |σ(B_1k − B_2k)|/2, and Γ = Γ⁰ + N(bits)
  /// exactly (no electron spectator). The (R2) and (R1) bounds as in the type comment; the maximum over m.
  /// - Complexity: O(1).
  func crossEffectBound(_ q: Int, electrons: Int, centre x: Double) -> Double {
    let p = parameters, k = processes[q].c, n = spinCount
    let s0 = electrons & 1 == 1 ? 0.5 : -0.5, s1 = electrons & 2 == 2 ? 0.5 : -0.5
    guard s0 != s1 else { return 0 }
    let sigma = s0, w = crossEffectWindow, rd = nuclearFieldSpread[k], larmor = p.nuclearLarmor
    let da = coupling[k] - coupling[n + k]
    let element = abs(p.electronCoupling) / 2 * (pseudosecular[0][k - 2] - pseudosecular[1][k - 2]).length / 4
    guard element > 0 else { return 0 }
    let offset = p.electronOffsets[0] - p.electronOffsets[1]
    let own = ZeemanCouplings.ownDecay(p, electrons: 2, nuclei: 1)
    let scale = abs(offset) + abs(x) + w + 2 * abs(da) + abs(larmor) + rd
    func minimum(_ centre: Double, _ radius: Double) -> Double { max(0, abs(centre) - radius - 1e-9 * scale) }
    var best = 0.0
    for m in [-0.5, 0.5] {
      let ef = minimum(-2 * sigma * (offset + x - da * m) - 2 * m * larmor, w + rd)
      let eq1 = minimum(-2 * sigma * (offset + x), w), rest1 = minimum(-2 * m * (larmor - sigma * da), rd)
      let eq2 = minimum(-2 * m * (larmor + sigma * da), rd),
        rest2 = minimum(-2 * sigma * (offset + x - 2 * da * m), w)
      let clamp = ZeemanProjection.secondOrderMargin * max(ef, own)
      func weight(_ a: Double, _ b: Double) -> Double { 0.5 * (1 / max(a, clamp) + 1 / max(b, clamp)) }
      let v = element * (weight(eq1, rest1) + weight(eq2, rest2))
      let bits = (s0 > 0 ? 1 : 0) | (s1 > 0 ? 2 : 0) | (m > 0 ? 4 : 0)
      let gamma = own + nuclearSpectatorLoss[8 * q + bits]
      best = max(best, 2 * v * v * gamma / (gamma * gamma + ef * ef))
    }
    return best * (1 + 1e-9)
  }
}
