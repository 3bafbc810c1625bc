import ComplexModule
import DNPNumerics
import Foundation

/// Kinetic Monte Carlo of the Zeeman-projected rate equation (CE paper eq. 4; ``ZeemanProjection``) for many
/// nuclei: the same jumps at the same rates, sampled one trajectory at a time instead of solved on the 2^(2+n)
/// populations (issue 10 item 5).
///
/// A configuration is the up/down state of the 2 + n spins (spin 0, 1 the electrons, 2 + k nucleus k). The
/// processes are those of ``ZeemanProjection``: electron T1 and microwave flips, nuclear T1, the hyperfine
/// nuclear flip, the electron flip-flop, the solid effect (electron j with nucleus k), the cross effect (both
/// electrons with nucleus k) and nuclear flip-flops for pairs with d_kk′ ≠ 0. Each rate is (R1) of
/// docs/cross-effect-rates.md, with the formulas of `ZeemanCouplings` evaluated on the local configuration:
/// δ = E_f − E_i from the flipping spins' local Zeeman-order fields (their Δ/ω_I and the other spins' A, d, D
/// shifts), Γ = Γ⁰ + the spectator losses over the spins coupled to the flipping ones, and V^eff of the solid and
/// cross effect summed over their two paths by (R2) with the same validity test (``ZeemanProjection/secondOrderMargin``).
///
/// Not included: the `otherSecondOrder` jumps of the exact projection (two nuclei through B × B; zero at
/// degeneracy and of order |B|⁴Δω²/ω_I⁶ otherwise) and resonant double-quantum jumps (which the exact projection
/// refuses).
///
/// Algorithm: rejection-free (BKL/Gillespie) for the few processes whose rates are kept exactly (electron T1 and
/// microwave flips, the electron flip-flop, nuclear T1: a binary sum tree, O(log P) select and update), and
/// thinning for the O(n + n_pairs) nuclear processes (hyperfine flips, solid and cross effect, nuclear
/// flip-flops): each is proposed at a rate bound that depends on the electrons' states only (the cross effect's
/// also on a window of the electrons' hyperfine field X; KineticMonteCarloThinning.swift) and accepted with
/// probability rate/bound, which gives the same jump process. A nuclear jump then updates the local fields
/// (O(neighbours)) and the few exact rates that depend on it, and nothing else; an electron jump switches to
/// another of four precomputed alias tables (O(1)) and to that configuration's cross-effect bounds, which are
/// rebuilt (O(n)) only when X has left their window. Per event: O(neighbours + log P) plus the rejected proposals (the acceptance is reported
/// in ``KineticMonteCarloResult/proposals``). Memory O(n²) for the couplings, O(P) for the bounds and the
/// spectator table.
public struct ZeemanKineticMonteCarlo: Sendable {
  public let parameters: CrossEffectParameters
  public let spins: CrossEffectSpins
  /// False: the nuclear dipolar couplings are set to zero (no spin diffusion, no nuclear zz shifts).
  public let spinDiffusion: Bool
  /// 2 + n.
  public let spinCount: Int

  /// One process: a kind and the spins it flips (1–3).
  struct Process: Sendable {
    var kind: ZeemanProcessKind
    var a: Int
    var b: Int
    var c: Int
    var count: Int
  }

  let processes: [Process]
  /// h_x: Δ_j for the electrons, ω_I for the nuclei.
  let field: [Double]
  /// Dense zz coefficients J_xy of H_0 = Σ h_x s_x + Σ_{x<y} J_xy s_x s_y: 2D, A_jk, 2d_kk′.
  let coupling: [Double]
  /// Spins with J ≠ 0 to x.
  let zzNeighbours: [[Int]]
  /// B_jk (2 × n).
  let pseudosecular: [[Complex<Double>]]
  /// For each spin, the processes whose rate depends on it.
  let affected: [[Int]]
  /// Processes 0..<exactCount (electron T1 and microwave flips, the electron flip-flop, the few fastest nuclear
  /// flip-flops) keep their exact rates in the walker's tree; the cross effect (exactCount..<thinnedStart) is
  /// thinned against bounds kept by the walker for a window of the electrons' hyperfine field; the rest (nuclear
  /// T1, whose constant rate is its own bound, hyperfine nuclear flips, solid effect, nuclear flip-flops, from
  /// thinnedStart) are thinned against ``thinningBounds``.
  let exactCount: Int
  let thinnedStart: Int
  /// Scalars of `parameters` for the hot loop.
  let hot: HotConstants
  /// ½ Σ_{i≠x} |J_xi| over the nuclei i: the largest nuclear dipolar field on spin x.
  private(set) var nuclearFieldSpread: [Double] = []
  /// For each electron configuration c = (s_1 up) + 2(s_2 up), an alias table over the thinned processes of a
  /// bound on each one's rate that holds in every nuclear configuration (KineticMonteCarloThinning.swift);
  /// shared by all trajectories.
  private(set) var thinningBounds: [AliasTable] = []
  /// Σ over the nuclear spectators of process q of their loss κ Δδ²/(Δδ² + Γ⁰²), at entry 8q + (bit u set:
  /// spin u of the process up). κ = r1/2 and Δδ² = 4(Σ_{y∈F} J_xy s_y)² do not depend on the spectator's own
  /// state, so this depends on the flipped spins only and is tabulated once.
  let nuclearSpectatorLoss: [Double]

  /// - Parameters:
  ///   - spinDiffusion: keep the nuclear dipolar couplings d (default) or set them to zero.
  ///   - nuclearCouplingCutoff: |d_kk′| at or below it (rad/s) is treated as zero (an approximation for
  ///     geometries, where every pair is coupled; default 0: exact).
  /// - Throws: ``CrossEffectError`` for inconsistent couplings, not two electron offsets, or a rate class with
  ///   no coherence decay (R2 + R1/2 = 0 or r2 + r1/2 = 0: Γ = δ = 0 is possible and no rate exists).
  /// - Complexity: O(n²) couplings, O(P · n) for the nuclear spectator table and the flip-flop bounds (about 10 s
  ///   for 1000 nuclei with every pair coupled, P ≈ 5·10⁵), O(n²) dependency lists.
  public init(
    parameters p: CrossEffectParameters, spins: CrossEffectSpins, spinDiffusion: Bool = true,
    nuclearCouplingCutoff: Double = 0
  ) throws {
    try self.init(
      parameters: p, spins: spins, spinDiffusion: spinDiffusion, nuclearCouplingCutoff: nuclearCouplingCutoff,
      exactFlipFlops: 64)
  }

  /// `exactFlipFlops`: the most nuclear flip-flops kept exact rather than thinned (tests set 0 to thin them all).
  init(
    parameters p: CrossEffectParameters, spins: CrossEffectSpins, spinDiffusion: Bool,
    nuclearCouplingCutoff: Double,
    exactFlipFlops: Int
  ) throws {
    if let problem = spins.inconsistency() { throw CrossEffectError(message: problem) }
    guard p.electronOffsets.count == 2 else {
      throw CrossEffectError(message: "two electron offsets are needed")
    }
    guard ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 0) > 0,
      ZeemanCouplings.ownDecay(p, electrons: 0, nuclei: 1) > 0
    else {
      throw CrossEffectError(message: "kinetic Monte Carlo needs R2 + R1/2 > 0 and r2 + r1/2 > 0")
    }
    parameters = p
    hot = HotConstants(p)
    self.spins = spins
    self.spinDiffusion = spinDiffusion
    let n = spins.nuclei, count = 2 + n
    spinCount = count
    field = p.electronOffsets + [Double](repeating: p.nuclearLarmor, count: n)
    var j = [Double](repeating: 0, count: count * count)
    func setJ(_ x: Int, _ y: Int, _ v: Double) {
      j[x * count + y] = v
      j[y * count + x] = v
    }
    setJ(0, 1, 2 * p.electronCoupling)
    var flipFlopPairs: [(Int, Int)] = []
    for k in 0..<n {
      for e in 0..<2 { setJ(e, 2 + k, spins.secularHyperfine[e][k]) }
      for l in (k + 1)..<max(k + 1, n) {
        let d = spinDiffusion ? spins.nuclearCouplings[k][l] : 0
        if abs(d) > nuclearCouplingCutoff, d != 0 {
          setJ(2 + k, 2 + l, 2 * d)
          flipFlopPairs.append((k, l))
        }
      }
    }
    coupling = j
    zzNeighbours = (0..<count).map { x in (0..<count).filter { $0 != x && j[x * count + $0] != 0 } }
    pseudosecular = (0..<2).map { e in
      (0..<n).map { Complex(spins.pseudosecularHyperfine[e][$0][0], spins.pseudosecularHyperfine[e][$0][1]) }
    }
    let b = pseudosecular
    func hasB(_ k: Int) -> Bool { b[0][k] != .zero || b[1][k] != .zero }

    var list: [Process] = []
    for e in 0..<2 {
      if p.electronRelaxation != 0 {
        list.append(Process(kind: .electronRelaxation, a: e, b: 0, c: 0, count: 1))
      }
      if p.microwaveAmplitude != 0 { list.append(Process(kind: .microwave, a: e, b: 0, c: 0, count: 1)) }
    }
    if p.electronCoupling != 0 { list.append(Process(kind: .electronFlipFlop, a: 0, b: 1, c: 0, count: 2)) }
    for k in 0..<n {
      if p.nuclearRelaxation != 0 {
        list.append(Process(kind: .nuclearRelaxation, a: 2 + k, b: 0, c: 0, count: 1))
      }
      if hasB(k) {
        list.append(Process(kind: .hyperfineNuclearFlip, a: 2 + k, b: 0, c: 0, count: 1))
        if p.microwaveAmplitude != 0 {
          for e in 0..<2 { list.append(Process(kind: .solidEffect, a: e, b: 2 + k, c: 0, count: 2)) }
        }
        if p.electronCoupling != 0 {
          list.append(Process(kind: .crossEffect, a: 0, b: 1, c: 2 + k, count: 3))
        }
      }
    }
    // The flip-flops whose bounds would dominate the proposals (a few close pairs) keep exact rates instead:
    // by decreasing v² Γ⁰/(Γ⁰² + δ_min²) (the bound of KineticMonteCarloThinning.swift without the spectators),
    // as many as it takes to leave at most a tenth of that total to thinning, at most 64. Each costs one rate
    // update per nuclear jump; each removes its bound from every proposal draw.
    let flipFlops = flipFlopPairs.map {
      Process(kind: .nuclearFlipFlop, a: 2 + $0.0, b: 2 + $0.1, c: 0, count: 2)
    }
    let ownPair = ZeemanCouplings.ownDecay(p, electrons: 0, nuclei: 2)
    let weight = flipFlops.map { f -> Double in
      let k = f.a, l = f.b, jkl = j[k * count + l]
      var spread = 0.0
      for i in 2..<count where i != k && i != l { spread += abs(j[k * count + i] - j[l * count + i]) / 2 }
      let a = j[k] - j[l], c = j[count + k] - j[count + l]
      let closest = [a + c, a - c].map { max(0, abs($0) / 2 - spread) }.min()!
      return jkl * jkl * ownPair / (ownPair * ownPair + closest * closest)
    }
    let ranked = weight.indices.sorted { weight[$0] > weight[$1] }
    let weightTotal = weight.reduce(0, +)
    var exactPairs = 0, kept = 0.0
    while exactPairs < min(exactFlipFlops, ranked.count), weightTotal - kept > 0.1 * weightTotal {
      kept += weight[ranked[exactPairs]]
      exactPairs += 1
    }
    let exactFlipFlops = ranked.prefix(exactPairs).sorted().map { flipFlops[$0] }
    let thinnedFlipFlops = ranked.dropFirst(exactPairs).sorted().map { flipFlops[$0] }
    // Exact first (with those flip-flops), then the cross effect, then the other thinned kinds (stable within each).
    func isThinned(_ kind: ZeemanProcessKind) -> Bool {
      kind == .hyperfineNuclearFlip || kind == .solidEffect || kind == .nuclearRelaxation
    }
    let exactKinds = list.filter { !isThinned($0.kind) && $0.kind != .crossEffect } + exactFlipFlops
    let crossEffects = list.filter { $0.kind == .crossEffect }
    list = exactKinds + crossEffects + list.filter { isThinned($0.kind) } + thinnedFlipFlops
    processes = list
    exactCount = exactKinds.count
    thinnedStart = exactKinds.count + crossEffects.count

    // Dependencies: the flipped spins F, every spin coupled to F (by J, or B for a nucleus' electrons), and the
    // zz neighbours of an electron spectator.
    var neighbours = zzNeighbours
    for k in 0..<n where hasB(k) {
      for e in 0..<2 where b[e][k] != .zero {
        if !neighbours[2 + k].contains(e) { neighbours[2 + k].append(e) }
        if !neighbours[e].contains(2 + k) { neighbours[e].append(2 + k) }
      }
    }
    var affected = [[Int]](repeating: [], count: count)
    var mark = [Int](repeating: -1, count: count)
    for (index, process) in list.enumerated() {
      let flipped = [process.a, process.b, process.c].prefix(process.count)
      func add(_ x: Int) {
        if mark[x] != index {
          mark[x] = index
          affected[x].append(index)
        }
      }
      if index >= exactCount { continue }  // thinned: never recomputed
      switch process.kind {
      case .nuclearRelaxation: continue  // constant
      case .electronRelaxation:  // its own state only
        add(process.a)
        continue
      default: break
      }
      for y in flipped {
        add(y)
        for x in neighbours[y] {
          add(x)
          if x < 2, !flipped.contains(x) { for z in zzNeighbours[x] { add(z) } }
        }
      }
    }
    self.affected = affected

    var table = [Double](repeating: 0, count: 8 * list.count)
    let kappa = p.nuclearRelaxation / 2
    j.withUnsafeBufferPointer { jp in
      for (index, f) in list.enumerated() where f.kind != .nuclearRelaxation && f.kind != .electronRelaxation
      {
        let m = f.count,
          electrons = (f.a < 2 ? 1 : 0) + (m > 1 && f.b < 2 ? 1 : 0) + (m > 2 && f.c < 2 ? 1 : 0)
        let own = ZeemanCouplings.ownDecay(p, electrons: electrons, nuclei: m - electrons)
        // The nuclear spectators coupled to F, ascending; O(n) per process without hashing (the flip-flops of a
        // thousand nuclei are half a million processes). J is symmetric: J_xy is read along row y (contiguous).
        let rowA = jp.baseAddress! + f.a * count, rowB = jp.baseAddress! + f.b * count
        if f.kind == .nuclearFlipFlop {
          // The rate is 0 unless the two spins differ: only bits 1 and 2 are ever read, and their shifts are
          // exact negatives of each other (same loss), so bit 1 is computed and copied.
          var loss = 0.0
          for x in 2..<count where x != f.a && x != f.b {
            let c0 = rowA[x], c1 = rowB[x]
            guard c0 != 0 || c1 != 0 else { continue }
            let shift = 2 * (c0 * 0.5 + c1 * -0.5 + 0 * -0.5)
            guard shift != 0 else { continue }
            loss += ZeemanCouplings.spectatorLoss(kappa: kappa, shift: shift, ownDecay: own)
          }
          table[8 * index + 1] = loss
          table[8 * index + 2] = loss
          continue
        }
        var losses = [Double](repeating: 0, count: 1 << m)
        for x in 2..<count where x != f.a && (m < 2 || x != f.b) && (m < 3 || x != f.c) {
          let c0 = rowA[x], c1 = m > 1 ? rowB[x] : 0, c2 = m > 2 ? jp[f.c * count + x] : 0
          guard c0 != 0 || c1 != 0 || c2 != 0 else { continue }
          for bits in losses.indices {
            let sum =
              c0 * (bits & 1 != 0 ? 0.5 : -0.5) + c1 * (bits & 2 != 0 ? 0.5 : -0.5) + c2
              * (bits & 4 != 0 ? 0.5 : -0.5)
            let shift = 2 * sum
            guard shift != 0 else { continue }
            losses[bits] += ZeemanCouplings.spectatorLoss(kappa: kappa, shift: shift, ownDecay: own)
          }
        }
        for bits in losses.indices { table[8 * index + bits] = losses[bits] }
      }
    }
    nuclearSpectatorLoss = table
    nuclearFieldSpread = (0..<count).map { x in
      (2..<count).reduce(0.0) { $1 == x ? $0 : $0 + abs(j[x * count + $1]) / 2 }
    }
    thinningBounds = makeThinningBounds()
  }

  /// How many processes (P).
  public var processCount: Int { processes.count }
}

/// The scalars of `CrossEffectParameters` that the rates read on every event, kept apart so that the kMC's
/// hot loop copies no array: the electron and nuclear own decays R2 + R1/2 and r2 + r1/2, an electron's T1 flip
/// rate down and up, and ½ω1². ``electronFlipRate(isUp:detuning:)`` is the one formula of an electron's flip
/// rate as a spectator (`ZeemanCouplings.electronFlipRate` calls it).
struct HotConstants: Sendable {
  var electronDecay: Double
  var nuclearDecay: Double
  var electronT1Down: Double
  var electronT1Up: Double
  var halfMicrowaveSquared: Double

  init(_ p: CrossEffectParameters) {
    electronDecay = ZeemanCouplings.ownDecay(p, electrons: 1, nuclei: 0)
    nuclearDecay = ZeemanCouplings.ownDecay(p, electrons: 0, nuclei: 1)
    electronT1Down = (1 + -p.electronPolarization) * p.electronRelaxation / 2
    electronT1Up = (1 + p.electronPolarization) * p.electronRelaxation / 2
    halfMicrowaveSquared = 0.5 * p.microwaveAmplitude * p.microwaveAmplitude
  }

  /// T1 from the electron's state plus the first-order microwave rate ½ω1² γ/(γ² + δ²) with its own decay γ.
  func electronFlipRate(isUp: Bool, detuning: Double) -> Double {
    let gamma = electronDecay
    return (isUp ? electronT1Up : electronT1Down)
      + (gamma > 0 ? halfMicrowaveSquared * gamma / (gamma * gamma + detuning * detuning) : 0)
  }
}

// MARK: - One trajectory

extension ZeemanKineticMonteCarlo {
  /// The mutable state of one trajectory: spins s_x = ±½, local fields L_x = h_x + Σ_y J_xy s_y, the rate tree.
  struct Walker {
    var s: [Double]
    var local: [Double]
    /// Each electron's flip rate as a spectator in its present state (``HotConstants/electronFlipRate``
    /// at −2s_xL_x): the "before" half of every κ, kept current by ``refreshElectronFlipRates(_:)``.
    var electronFlipRates: [Double] = [0, 0]
    var tree: RateTree
    /// Marks of the processes queued for an update.
    var processMarks: [Int]
    var processStamp = 0
    /// For each electron configuration, bounds on the cross-effect rates
    /// (``crossEffectBound(_:electrons:centre:)``), valid while X is within ``crossEffectWindow`` of its
    /// `windowCentres` entry (NaN: not built yet). Kept per configuration, so that an electron flipping back and
    /// forth (the saturated one) does not rebuild them.
    var crossEffectTrees: [RateTree] = []
    var windowCentres = [Double](repeating: .nan, count: 4)
  }

  /// Sets the walker's ``Walker/electronFlipRates`` from its spins and local fields (after every flip).
  func refreshElectronFlipRates(_ w: inout Walker) {
    for x in 0..<2 { w.electronFlipRates[x] = hot.electronFlipRate(isUp: w.s[x] > 0, detuning: -2 * w.s[x] * w.local[x]) }
  }

  func localFields(_ s: [Double]) -> [Double] {
    (0..<spinCount).map { x in zzNeighbours[x].reduce(field[x]) { $0 + coupling[x * spinCount + $1] * s[$1] }
    }
  }

  /// δ = E_f − E_i for flipping the spins `f` (distinct): Σ_{y∈F} (−2 s_y)(L_y − Σ_{z∈F, z≠y} J_yz s_z).
  func detuning(_ w: Walker, _ f: Process) -> Double {
    var delta = 0.0
    for u in 0..<f.count {
      let y = f[u]
      var l = w.local[y]
      for v in 0..<f.count where v != u { l -= coupling[y * spinCount + f[v]] * w.s[f[v]] }
      delta += -2 * w.s[y] * l
    }
    return delta
  }

  /// Γ_fi of `ZeemanCouplings.coherenceDecay` for the flip of process q: Γ⁰, the tabulated nuclear spectators
  /// and the (at most two) electron spectators coupled to F, whose κ depends on their detuning.
  /// - Complexity: O(|F|²).
  func coherenceDecay(_ w: Walker, _ q: Int) -> Double {
    let f = processes[q]
    var electrons = 0, bits = 0
    for u in 0..<f.count {
      if f[u] < 2 { electrons += 1 }
      if w.s[f[u]] > 0 { bits |= 1 << u }
    }
    let own = Double(electrons) * hot.electronDecay + Double(f.count - electrons) * hot.nuclearDecay
    var total = own
    for x in 0..<2 where f.a != x && (f.count < 2 || f.b != x) {
      var sum = 0.0
      for v in 0..<f.count { sum += coupling[x * spinCount + f[v]] * w.s[f[v]] }
      let shift = 4 * w.s[x] * sum
      guard shift != 0 else { continue }
      let after = -2 * w.s[x] * (w.local[x] - 2 * sum)
      let kappa = 0.5 * (w.electronFlipRates[x] + hot.electronFlipRate(isUp: w.s[x] > 0, detuning: after))
      total += ZeemanCouplings.spectatorLoss(kappa: kappa, shift: shift, ownDecay: own)
    }
    return total + nuclearSpectatorLoss[8 * q + bits]
  }

  /// b_k = Σ_j B_jk s_j with the electrons' s_j multiplied by `sign` (−1: that electron flipped).
  func pseudosecularField(_ w: Walker, nucleus k: Int, signs: (Double, Double) = (1, 1)) -> Complex<Double> {
    let b0 = pseudosecular[0][k], b1 = pseudosecular[1][k]
    let s0 = w.s[0] * signs.0, s1 = w.s[1] * signs.1
    return Complex(b0.real * s0, b0.imaginary * s0) + Complex(b1.real * s1, b1.imaginary * s1)
  }

  /// V^eff of a second-order process (solid or cross effect) by (R2) over its two paths, or nil where a path's
  /// intermediate is not off-resonant by the margin (as `ZeemanCouplings.secondOrder`).
  func secondOrderCoupling(_ w: Walker, _ f: Process, detuning ef: Double) -> Complex<Double>? {
    let p = parameters
    let nucleus = f[f.count - 1], k = nucleus - 2
    let raising = w.s[nucleus] < 0
    func hyperfine(_ b: Complex<Double>) -> Complex<Double> { (raising ? b : b.conjugate) * Complex(0.5, 0) }
    // The electron move: one microwave flip (solid effect) or the flip-flop (cross effect).
    let electronElement: Complex<Double>, electronMove: Process, signs: (Double, Double)
    if f.kind == .solidEffect {
      electronElement = Complex(p.microwaveAmplitude / 2, 0)
      electronMove = Process(kind: .microwave, a: f.a, b: 0, c: 0, count: 1)
      signs = f.a == 0 ? (-1, 1) : (1, -1)
    } else {
      electronElement = Complex(-p.electronCoupling / 2, 0)
      electronMove = Process(kind: .electronFlipFlop, a: 0, b: 1, c: 0, count: 2)
      signs = (-1, -1)
    }
    var amplitude = Complex<Double>.zero
    var closest = Double.infinity
    func path(_ first: Complex<Double>, _ second: Complex<Double>, intermediate eq: Double) {
      guard first != .zero, second != .zero else { return }
      let detuning = min(abs(eq), abs(ef - eq))
      closest = min(closest, detuning)
      guard detuning > 0 else { return }
      let weight = ZeemanCouplings.secondOrderWeight(start: 0, intermediate: eq, end: ef)
      amplitude = amplitude + second * first * Complex(weight, 0)
    }
    // Electrons first, then the nucleus with b_k in the intermediate.
    path(
      electronElement, hyperfine(pseudosecularField(w, nucleus: k, signs: signs)),
      intermediate: detuning(w, electronMove))
    // The nucleus first, then the electrons.
    path(
      hyperfine(pseudosecularField(w, nucleus: k)), electronElement,
      intermediate: detuning(w, Process(kind: .hyperfineNuclearFlip, a: nucleus, b: 0, c: 0, count: 1)))
    let electrons = f.count - 1
    let scale = max(abs(ef), ZeemanCouplings.ownDecay(p, electrons: electrons, nuclei: 1))
    guard amplitude != .zero, closest >= ZeemanProjection.secondOrderMargin * scale else { return nil }
    return amplitude
  }

  /// The rate (s⁻¹) of process `index` in the walker's configuration.
  /// - Complexity: O(1) (O(|F|²) for its 1–3 spins).
  func rate(_ index: Int, _ w: Walker) -> Double {
    let f = processes[index]
    let v2: Double
    switch f.kind {
    case .electronRelaxation:
      return (1 + (w.s[f.a] > 0 ? parameters.electronPolarization : -parameters.electronPolarization)) * parameters.electronRelaxation
        / 2
    case .nuclearRelaxation:
      return parameters.nuclearRelaxation / 2
    case .microwave:
      v2 = parameters.microwaveAmplitude * parameters.microwaveAmplitude / 4
    case .electronFlipFlop:
      guard w.s[0] != w.s[1] else { return 0 }
      v2 = parameters.electronCoupling * parameters.electronCoupling / 4
    case .hyperfineNuclearFlip:
      v2 = pseudosecularField(w, nucleus: f.a - 2).lengthSquared / 4
    case .nuclearFlipFlop:
      return flipFlopRate(index, w, f.a, f.b)
    case .solidEffect, .crossEffect:
      if f.kind == .crossEffect, w.s[0] == w.s[1] { return 0 }
      let delta = detuning(w, f)
      guard let v = secondOrderCoupling(w, f, detuning: delta), v.lengthSquared > 0 else { return 0 }
      let gamma = coherenceDecay(w, index)
      return ZeemanCouplings.incoherentRate(couplingSquared: v.lengthSquared, decay: gamma, detuning: delta)
        ?? 0
    case .otherSecondOrder:
      return 0
    }
    guard v2 > 0 else { return 0 }
    let delta = detuning(w, f), gamma = coherenceDecay(w, index)
    return ZeemanCouplings.incoherentRate(couplingSquared: v2, decay: gamma, detuning: delta) ?? 0
  }

  /// The rate of nuclear flip-flop q of spins k, l: the general path of ``rate(_:_:)`` (``detuning(_:_:)``,
  /// ``coherenceDecay(_:_:)``, (R1)) written out for F = {k, l} with both electrons as spectators, the same
  /// operations in the same order (so the same bits), without the loops over F. The kMC's commonest rate: a
  /// nuclear jump recomputes every flip-flop in the tree.
  /// - Complexity: O(1).
  func flipFlopRate(_ q: Int, _ w: Walker, _ k: Int, _ l: Int) -> Double {
    let sk = w.s[k], sl = w.s[l]
    guard sk != sl else { return 0 }
    let n = spinCount, jkl = coupling[k * n + l]
    let d = jkl / 2, v2 = d * d / 4
    let delta = -2 * sk * (w.local[k] - jkl * sl) + -2 * sl * (w.local[l] - jkl * sk)
    let own = Double(0) * hot.electronDecay + Double(2) * hot.nuclearDecay
    var gamma = own
    for x in 0..<2 {
      let sum = 0.0 + coupling[x * n + k] * sk + coupling[x * n + l] * sl
      let shift = 4 * w.s[x] * sum
      guard shift != 0 else { continue }
      let after = -2 * w.s[x] * (w.local[x] - 2 * sum)
      let kappa = 0.5 * (w.electronFlipRates[x] + hot.electronFlipRate(isUp: w.s[x] > 0, detuning: after))
      gamma += ZeemanCouplings.spectatorLoss(kappa: kappa, shift: shift, ownDecay: own)
    }
    gamma += nuclearSpectatorLoss[8 * q + (sk > 0 ? 1 : 2)]
    guard v2 > 0 else { return 0 }
    return ZeemanCouplings.incoherentRate(couplingSquared: v2, decay: gamma, detuning: delta) ?? 0
  }

  /// Flips the spins of process `index` and recomputes the rates that depend on them.
  func apply(_ index: Int, _ w: inout Walker, _ pending: inout [Int]) {
    let f = processes[index], count = spinCount
    for u in 0..<f.count {
      let y = f[u]
      w.s[y] = -w.s[y]
      let change = 2 * w.s[y]
      // L_x += J_xy Δs_y over y's neighbours; J is symmetric, so row y is contiguous. A dense row (every pair
      // coupled) is one vectorizable pass (J_xy = 0 adds exactly nothing), a sparse one goes by the list.
      coupling.withUnsafeBufferPointer { j in
        w.local.withUnsafeMutableBufferPointer { local in
          let row = j.baseAddress! + y * count
          if zzNeighbours[y].count * 4 > count {
            for x in 0..<count { local[x] += row[x] * change }
          } else {
            zzNeighbours[y].withUnsafeBufferPointer { neighbours in
              for x in neighbours { local[x] += row[x] * change }
            }
          }
        }
      }
    }
    refreshElectronFlipRates(&w)
    w.processStamp += 1
    let stamp = w.processStamp
    pending.removeAll(keepingCapacity: true)
    for u in 0..<f.count {
      for q in affected[f[u]] where w.processMarks[q] != stamp {
        w.processMarks[q] = stamp
        pending.append(q)
      }
    }
    if pending.count * 8 > exactCount {
      // Many leaves (an electron flip): set them all, then rebuild the sums once, O(P) instead of O(k log P).
      // Every inner sum is its children's sum either way, so the tree is the same bit for bit.
      for q in pending {
        let r = rate(q, w)
        w.tree.setLeaf(q, r)
      }
      w.tree.rebuild()
    } else {
      for q in pending {
        let r = rate(q, w)
        w.tree.set(q, r)
      }
    }
  }

  /// One trajectory from a sample of ρ_th (electron up with probability (1 − p)/2, nuclei ½), drawing from
  /// stream (seed, trajectory); the spins' signs (±1) at each time, flat [time][spin], the event count and the
  /// number of thinning proposals (accepted or not).
  func trajectory(_ t: Int, seed: UInt64, times: [Double]) -> (signs: [Int8], events: Int, proposals: Int) {
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(t))
    let pe = parameters.electronPolarization
    var s = [Double](repeating: 0, count: spinCount)
    for x in 0..<spinCount {
      let up = rng.uniform() < (x < 2 ? (1 - pe) / 2 : 0.5)
      s[x] = up ? 0.5 : -0.5
    }
    var w = Walker(
      s: s, local: localFields(s), tree: RateTree(count: exactCount),
      processMarks: [Int](repeating: 0, count: exactCount),
      crossEffectTrees: [RateTree](repeating: RateTree(count: thinnedStart - exactCount), count: 4))
    refreshElectronFlipRates(&w)
    for q in 0..<exactCount { w.tree.setLeaf(q, rate(q, w)) }
    w.tree.rebuild()
    var out = [Int8](repeating: 0, count: times.count * spinCount)
    var time = 0.0, next = 0, events = 0, proposals = 0
    var pending: [Int] = []
    while next < times.count {
      // Thinning (a Poisson process at the bound rate, each proposal accepted with probability rate/bound) is
      // the same jump process as drawing the flip-flops at their exact rates.
      let electrons = (w.s[0] > 0 ? 1 : 0) | (w.s[1] > 0 ? 2 : 0)
      let x = hyperfineField(w)
      if !(abs(x - w.windowCentres[electrons]) <= crossEffectWindow) {  // also NaN: not built
        w.windowCentres[electrons] = x
        for q in exactCount..<thinnedStart {
          w.crossEffectTrees[electrons].setLeaf(
            q - exactCount, crossEffectBound(q, electrons: electrons, centre: x))
        }
        w.crossEffectTrees[electrons].rebuild()
      }
      let exact = w.tree.total, cross = exact + w.crossEffectTrees[electrons].total
      let total = cross + thinningBounds[electrons].total
      let step = total > 0 ? -Foundation.log(1 - rng.uniform()) / total : Double.infinity
      while next < times.count, times[next] < time + step {
        for x in 0..<spinCount { out[next * spinCount + x] = w.s[x] > 0 ? 1 : -1 }
        next += 1
      }
      guard next < times.count else { break }
      time += step
      let u = rng.uniform() * total
      if u < exact {
        apply(w.tree.select(u), &w, &pending)
      } else if u < cross {
        let candidate = w.crossEffectTrees[electrons].select(u - exact), q = exactCount + candidate
        proposals += 1
        guard rng.uniform() * w.crossEffectTrees[electrons].rate(candidate) < rate(q, w) else { continue }
        apply(q, &w, &pending)
      } else {
        let bounds = thinningBounds[electrons]
        let candidate = bounds.select(min((u - cross) / bounds.total, 0x1.fffffffffffffp-1))
        let q = thinnedStart + candidate
        proposals += 1
        guard rng.uniform() * bounds.weights[candidate] < rate(q, w) else { continue }
        apply(q, &w, &pending)
      }
      events += 1
      if events % 65536 == 0 {  // no drift of the incremental fields
        w.local = localFields(w.s)
        refreshElectronFlipRates(&w)
      }
    }
    return (out, events, proposals)
  }
}

extension ZeemanKineticMonteCarlo.Process {
  subscript(_ u: Int) -> Int { u == 0 ? a : u == 1 ? b : c }
}

// MARK: - The rate tree

/// A binary sum tree over P non-negative rates: set one rate and select the process by a uniform draw in
/// O(log P). Inner sums are recomputed from their children on every update, so the total never drifts.
struct RateTree: Sendable {
  private(set) var size: Int
  private var sums: [Double]

  init(count: Int) {
    size = 1
    while size < max(1, count) { size *= 2 }
    sums = [Double](repeating: 0, count: 2 * size)
  }

  var total: Double { sums[1] }

  /// - Complexity: O(log P).
  mutating func set(_ index: Int, _ rate: Double) {
    var i = size + index
    sums[i] = rate
    i /= 2
    while i >= 1 {
      sums[i] = sums[2 * i] + sums[2 * i + 1]
      i /= 2
    }
  }

  func rate(_ index: Int) -> Double { sums[size + index] }

  /// Sets a leaf without updating the sums; ``rebuild()`` must follow before ``total`` or ``select(_:)``.
  mutating func setLeaf(_ index: Int, _ rate: Double) { sums[size + index] = rate }

  /// Recomputes every inner sum from the leaves. - Complexity: O(P).
  mutating func rebuild() {
    var i = size - 1
    while i >= 1 {
      sums[i] = sums[2 * i] + sums[2 * i + 1]
      i -= 1
    }
  }

  /// The index i with Σ_{j<i} r_j ≤ u < Σ_{j≤i} r_j for 0 ≤ u < total; a branch with zero sum is never
  /// taken (rounding at the right end).
  /// - Complexity: O(log P).
  func select(_ u: Double) -> Int {
    var i = 1, u = u
    while i < size {
      let left = sums[2 * i]
      if (u < left && left > 0) || sums[2 * i + 1] <= 0 {
        i = 2 * i
      } else {
        u -= left
        i = 2 * i + 1
      }
    }
    return i - size
  }
}

// MARK: - Averages over trajectories

/// The averages of a kinetic Monte Carlo run on its time grid, as relative polarizations −2⟨S_jz⟩/p and
/// −2⟨I_kz⟩/p (``CrossEffectModel/relativePolarizations(_:)``), each with its standard error over the
/// trajectories (sample standard deviation / √trajectories).
public struct KineticMonteCarloResult: Sendable, Equatable {
  public var times: [Double]
  public var trajectories: Int
  /// [electron][time].
  public var electrons: [[Double]]
  public var electronErrors: [[Double]]
  /// [nucleus][time].
  public var nuclei: [[Double]]
  public var nucleusErrors: [[Double]]
  /// The mean over the nuclei, [time], and its standard error (from the per-trajectory means).
  public var total: [Double]
  public var totalErrors: [Double]
  /// Jumps made, all trajectories together.
  public var events: Int
  /// Thinning proposals (accepted or not; events − accepted proposals jumps came from the exact tree), all
  /// trajectories together: the acceptance is a measure of the bounds' tightness.
  public var proposals: Int = 0
}

/// Integer sums over a set of trajectories: two sets of disjoint trajectories merge exactly, in any grouping and
/// order, into the sums of their union, so a run split into blocks (checkpoints, shards of a SLURM array)
/// averages to the same bits as one run. ``KineticMonteCarloResult/init(_:electronPolarization:)`` turns them
/// into averages.
public struct KineticMonteCarloSums: Sendable, Codable, Equatable {
  public var times: [Double]
  /// 2 + n.
  public var spins: Int
  public var trajectories: Int
  /// Σ over the trajectories of each spin's sign σ = ±1 (up = +1), flat [time][spin].
  public var signs: [Int]
  /// Σ over the trajectories of M and of M², M = Σ_k σ_k over the nuclei, per time (for the error of the mean
  /// over the nuclei).
  public var nuclearSum: [Int]
  public var nuclearSquares: [Int]
  public var events: Int
  public var proposals: Int

  public init(times: [Double], spins: Int) {
    self.times = times
    self.spins = spins
    trajectories = 0
    signs = [Int](repeating: 0, count: times.count * spins)
    nuclearSum = [Int](repeating: 0, count: times.count)
    nuclearSquares = nuclearSum
    events = 0
    proposals = 0
  }

  /// Adds another set's sums (its trajectories must be other ones).
  /// - Throws: ``CrossEffectError`` when the time grids or spin counts differ.
  public mutating func merge(_ other: KineticMonteCarloSums) throws {
    guard other.times == times, other.spins == spins else {
      throw CrossEffectError(message: "kinetic Monte Carlo sums of different time grids or spin counts do not merge")
    }
    trajectories += other.trajectories
    for i in signs.indices { signs[i] += other.signs[i] }
    for i in nuclearSum.indices {
      nuclearSum[i] += other.nuclearSum[i]
      nuclearSquares[i] += other.nuclearSquares[i]
    }
    events += other.events
    proposals += other.proposals
  }

  /// Adds one trajectory's signs, flat [time][spin].
  mutating func add(signs s: [Int8], events e: Int, proposals q: Int) {
    trajectories += 1
    for i in signs.indices { signs[i] += Int(s[i]) }
    for time in nuclearSum.indices {
      var m = 0
      for x in 2..<spins { m += Int(s[time * spins + x]) }
      nuclearSum[time] += m
      nuclearSquares[time] += m * m
    }
    events += e
    proposals += q
  }
}

extension ZeemanKineticMonteCarlo {
  /// The sums of trajectories `range` (trajectory t from a sample of ρ_th, drawing from stream (seed, t)) on up
  /// to `threads` threads. Integer sums: the result does not depend on the thread count, and the sums of
  /// consecutive ranges merge into the sums of their union bit for bit.
  /// - Parameters:
  ///   - times: ascending, ≥ 0 (s).
  ///   - progress: called after each trajectory with the fraction of `range` done (from any thread).
  /// - Complexity: per event O(neighbours + log P) and per proposal O(1) (see the type's comment); memory
  ///   O(threads · times · (2 + n)) words.
  public func sums(
    times: [Double], trajectories range: Range<Int>, seed: UInt64, threads: Int = 1,
    progress: (@Sendable (Double) -> Void)? = nil
  ) throws -> KineticMonteCarloSums {
    guard !range.isEmpty, range.lowerBound >= 0 else {
      throw CrossEffectError(message: "at least one trajectory is needed")
    }
    guard zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }), times.allSatisfy({ $0 >= 0 && $0.isFinite })
    else { throw CrossEffectError(message: "times must be finite, non-negative and ascending") }
    // Chunks of consecutive trajectories, a few per thread for balance; each accumulates its own sums.
    let chunks = min(range.count, max(1, 4 * threads))
    let done = TicketCounter()
    let parts = try parallelMap(chunks, threads: threads) { c -> KineticMonteCarloSums in
      var part = KineticMonteCarloSums(times: times, spins: spinCount)
      let lower = range.lowerBound + range.count * c / chunks, upper = range.lowerBound + range.count * (c + 1) / chunks
      for t in lower..<upper {
        let run = trajectory(t, seed: seed, times: times)
        part.add(signs: run.signs, events: run.events, proposals: run.proposals)
        if let progress { progress(Double(done.take() + 1) / Double(range.count)) }
      }
      return part
    }
    var total = KineticMonteCarloSums(times: times, spins: spinCount)
    for part in parts { try total.merge(part) }
    return total
  }

  /// Runs trajectories 0..<`trajectories` (``sums(times:trajectories:seed:threads:progress:)``) and averages them.
  public func run(times: [Double], trajectories: Int, seed: UInt64, threads: Int = 1) throws
    -> KineticMonteCarloResult
  {
    guard trajectories > 0 else { throw CrossEffectError(message: "at least one trajectory is needed") }
    return KineticMonteCarloResult(
      try sums(times: times, trajectories: 0..<trajectories, seed: seed, threads: threads),
      electronPolarization: parameters.electronPolarization)
  }
}

extension KineticMonteCarloResult {
  /// The averages of `sums` as relative polarizations (p = `electronPolarization`) with their standard errors.
  public init(_ sums: KineticMonteCarloSums, electronPolarization pe: Double) {
    let g = sums.times.count, count = sums.spins, n = count - 2, trajectories = sums.trajectories
    let t = Double(trajectories)
    // A sign σ = ±1 is the relative polarization −σ/p; its sample variance is (1 − m²)·T/(T − 1) for mean m.
    func stats(_ x: Int) -> (mean: [Double], error: [Double]) {
      let m = (0..<g).map { Double(sums.signs[$0 * count + x]) / t }
      let error = m.map { trajectories > 1 ? (max(0, 1 - $0 * $0) / (t - 1)).squareRoot() / pe : .nan }
      return (m.map { -$0 / pe }, error)
    }
    let all = (0..<count).map(stats)
    let scale = Double(max(n, 1))
    let total = (0..<g).map { -Double(sums.nuclearSum[$0]) / scale / t / pe }
    let totalErrors = (0..<g).map { i -> Double in
      guard trajectories > 1 else { return .nan }
      let mean = Double(sums.nuclearSum[i]) / scale / t
      let square = Double(sums.nuclearSquares[i]) / (scale * scale) / t
      return (max(0, square - mean * mean) / (t - 1)).squareRoot() / pe
    }
    self.init(
      times: sums.times, trajectories: trajectories, electrons: all[0..<2].map(\.mean),
      electronErrors: all[0..<2].map(\.error), nuclei: all[2...].map(\.mean),
      nucleusErrors: all[2...].map(\.error),
      total: n > 0 ? total : [Double](repeating: 0, count: g),
      totalErrors: n > 0 ? totalErrors : [Double](repeating: 0, count: g),
      events: sums.events, proposals: sums.proposals)
  }
}

extension ZeemanKineticMonteCarlo {
  /// X of ``hyperfineField(_:)`` in the Zeeman product state `bits`, and every process's rate in that state (bit x set = spin x up; at most 32 spins), with the
  /// pattern it jumps to: for checking the local rates against ``ZeemanProjection``'s jumps.
  func hyperfineField(inState bits: UInt32) -> Double {
    let s = (0..<spinCount).map { (bits >> UInt32($0)) & 1 == 1 ? 0.5 : -0.5 }
    var w = Walker(s: s, local: localFields(s), tree: RateTree(count: 1), processMarks: [])
    refreshElectronFlipRates(&w)
    return hyperfineField(w)
  }

  func processRates(inState bits: UInt32) -> [(to: UInt32, kind: ZeemanProcessKind, rate: Double)] {
    precondition(spinCount <= 32)
    let s = (0..<spinCount).map { (bits >> UInt32($0)) & 1 == 1 ? 0.5 : -0.5 }
    var w = Walker(s: s, local: localFields(s), tree: RateTree(count: 1), processMarks: [])
    refreshElectronFlipRates(&w)
    return processes.indices.map { q in
      let f = processes[q]
      let mask = (0..<f.count).reduce(UInt32(0)) { $0 | (1 << UInt32(f[$1])) }
      return (bits ^ mask, f.kind, rate(q, w))
    }
  }
}
