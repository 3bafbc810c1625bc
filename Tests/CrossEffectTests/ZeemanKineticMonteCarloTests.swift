import DNPNumerics
import Foundation
import Testing

@testable import CrossEffect

// Kinetic Monte Carlo of the Zeeman-projected rate equation (issue 10 item 5) against the exact rate equation
// (``ZeemanProjection``) on small systems, the build-up fit, reproducibility and a larger random geometry.

private let twoPi = 2 * Double.pi

/// A test set with moderate rates (so that a trajectory makes a few hundred jumps per second): p = 0.9,
/// ω_I = 2π·20 MHz, ω1 = 2π·2 kHz, D = 2π·100 kHz at the matching Δ = [0, ω_I], R1 = 10 s⁻¹, R2 = 10⁵ s⁻¹,
/// r1 = 0.1 s⁻¹, r2 = 10³ s⁻¹.
private func fastParameters() -> CrossEffectParameters {
  let omegaI = twoPi * 20e6
  return CrossEffectParameters(
    electronPolarization: 0.9, nuclearLarmor: omegaI, microwaveAmplitude: twoPi * 2e3,
    electronOffsets: [0, omegaI],
    electronCoupling: twoPi * 100e3, electronRelaxation: 10, electronDecoherence: 1e5, nuclearRelaxation: 0.1,
    nuclearDecoherence: 1e3)
}

/// Three nuclei: core 1 on electron 1, core 2 on electron 2 (B = 2π·0.5 MHz, secular shifts of a few kHz), bulk
/// nucleus 3 coupled to both by d = 2π·200 Hz and to electron 1 by a small B.
private func threeNuclei() -> CrossEffectSpins {
  let b = twoPi * 0.5e6
  return CrossEffectSpins(
    secularHyperfine: [[twoPi * 3e3, 0, twoPi * 0.5e3], [0, twoPi * 2e3, 0]],
    pseudosecularHyperfine: [
      [[b, 0], [0, 0], [0, twoPi * 20e3]], [[0, 0], [b * 0.8, b * 0.3], [0, 0]],
    ],
    nuclearCouplings: [[0, 0, twoPi * 200], [0, 0, twoPi * 200], [twoPi * 200, twoPi * 200, 0]])
}

/// The local rates equal the exact projection's, kind by kind, in every one of the 2^(2+n) states: relative
/// 1e-9 (the local δ is a different sum of the same terms; rounding only). Solid-effect jumps whose two paths
/// cancel to rounding (exact rate < 1e-20 s⁻¹, e.g. 2·10⁻³⁸) may come out as exactly 0 here. The exact projection's only other
/// jumps (`otherSecondOrder`, B × B between two nuclei) are checked to be below 1e-6 s⁻¹, so that leaving them
/// out is invisible at the statistical tolerance of the trajectory test below.
@Test func localRatesEqualTheExactProjection() throws {
  for (p, s) in [
    (fastParameters(), threeNuclei()), (CrossEffectParameters.figure1c(coherent: false), threeNuclei()),
  ] {
    let exact = try ZeemanProjection(parameters: p, spins: s)
    let kmc = try ZeemanKineticMonteCarlo(parameters: p, spins: s)
    var table: [String: Double] = [:]
    var other = 0.0
    for jump in exact.jumps {
      if jump.kind == .otherSecondOrder {
        other = max(other, jump.rate)
      } else {
        table["\(jump.kind) \(jump.from) \(jump.to)", default: 0] += jump.rate
      }
    }
    #expect(other < 1e-6, "\(other)")
    var seen = 0, missing = 0
    for state in exact.states {
      var local: [String: Double] = [:]
      for (to, kind, rate) in kmc.processRates(inState: state) where rate > 0 {
        local["\(kind) \(state) \(to)", default: 0] += rate
      }
      for (key, rate) in local {
        let reference = table[key] ?? 0
        #expect(abs(rate - reference) <= 1e-9 * reference, "\(key): \(rate) vs \(reference)")
        seen += 1
      }
      for (key, rate) in table where key.split(separator: " ")[1] == "\(state)" && local[key] == nil {
        #expect(rate < 1e-20, "\(key) (\(rate)) missing from the kMC")
        missing += 1
      }
    }
    #expect(seen + missing == table.count && seen > 300)
  }
}

/// The thinning bounds (KineticMonteCarloThinning.swift) hold in every one of the 2^(2+n) states: rate ≤ bound for
/// every thinned process (hyperfine flips, solid effect, nuclear flip-flops; the cross effect with the state's X
/// at the centre and at ±0.999 W of its window) and electron configuration, on the 3-nucleus test set and on 6
/// protons of a random geometry with every pair coupled (two parameter sets each). Not vacuous: for each kind the
/// largest rate/bound over the states must be ≥ 10⁻³ (observed over the four sets: hyperfine flips 0.006–0.69,
/// solid effect 0.18–0.99, flip-flops 0.23–0.88, cross effect 0.95–0.997).
@Test func thinningBoundsHoldInEveryState() throws {
  let (random, randomSpins) = try randomBiradical(nuclei: 6, extent: 7)
  for (p, s) in [
    (fastParameters(), threeNuclei()), (CrossEffectParameters.figure1c(coherent: false), threeNuclei()),
    (random, randomSpins), (fastParameters(), randomSpins),
  ] {
    let kmc = try ZeemanKineticMonteCarlo(
      parameters: p, spins: s, spinDiffusion: true, nuclearCouplingCutoff: 0, exactFlipFlops: 0)
    #expect(kmc.processCount > kmc.thinnedStart && kmc.thinnedStart > kmc.exactCount)
    var tightest: [ZeemanProcessKind: Double] = [:]
    for state in 0..<(UInt32(1) << UInt32(kmc.spinCount)) {
      let electrons = Int(state & 3), x = kmc.hyperfineField(inState: state), w = kmc.crossEffectWindow
      for (q, process) in kmc.processRates(inState: state).enumerated() where q >= kmc.exactCount {
        let bounds: [Double]
        if q < kmc.thinnedStart {
          #expect(process.kind == .crossEffect)
          bounds = [x, x + 0.999 * w, x - 0.999 * w].map {
            kmc.crossEffectBound(q, electrons: electrons, centre: $0)
          }
        } else {
          #expect(
            [.nuclearFlipFlop, .solidEffect, .hyperfineNuclearFlip, .nuclearRelaxation].contains(process.kind)
          )
          bounds = [kmc.thinningBounds[electrons].weights[q - kmc.thinnedStart]]
        }
        for bound in bounds {
          #expect(process.rate <= bound, "state \(state) process \(q): \(process.rate) > \(bound)")
        }
        if bounds[0] > 0 {
          tightest[process.kind] = max(tightest[process.kind] ?? 0, process.rate / bounds[0])
        }
      }
    }
    #expect(tightest.count == 5 && tightest.values.allSatisfy { $0 >= 1e-3 }, "\(tightest)")
  }
}

/// Mean polarizations of 2000 trajectories against the exact populations of ``ZeemanProjection/evolve`` at
/// four times, every spin: |kMC − exact| ≤ 5 standard errors (the trajectory spread / √2000), for 3 nuclei with
/// and without the nuclear couplings, and for one nucleus. The build-up must be well resolved (the final
/// nuclear polarization ≥ 10 standard errors), so that the agreement is not vacuous. The 3-nucleus system runs
/// twice: with its flip-flops exact (the default for a few pairs) and thinned. Observed (seed 7, with the thinning
/// of KineticMonteCarloThinning.swift): worst |kMC − exact|/σ = 2.1, 1.4, 2.2, 2.1 for the four runs (σ ≈ 0.022
/// at 0.4 s); the bulk nucleus reaches 0.42–0.45 with d and stays at 0.03 without.
@Test func trajectoryAveragesMatchTheExactRateEquation() throws {
  let p = fastParameters()
  let one = CrossEffectSpins(
    secularHyperfine: [[0], [0]], pseudosecularHyperfine: [[[twoPi * 0.5e6, 0]], [[0, 0]]],
    nuclearCouplings: [[0]])
  var withoutD = threeNuclei()
  withoutD.nuclearCouplings = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
  let times = [0.005, 0.03, 0.1, 0.4]
  for (label, s, exactFlipFlops) in [
    ("3 nuclei", threeNuclei(), 64), ("3 nuclei, flip-flops thinned", threeNuclei(), 0),
    ("3 nuclei, d = 0", withoutD, 64), ("1 nucleus", one, 64),
  ] {
    let exact = try ZeemanProjection(parameters: p, spins: s)
    let populations = try exact.evolve(times: times)
    let kmc = try ZeemanKineticMonteCarlo(
      parameters: p, spins: s, spinDiffusion: true, nuclearCouplingCutoff: 0, exactFlipFlops: exactFlipFlops)
    let result = try kmc.run(times: times, trajectories: 2000, seed: 7, threads: 2)
    for (i, pop) in populations.enumerated() {
      let (electrons, nuclei) = exact.relativePolarizations(pop)
      for j in 0..<2 {
        let diff = abs(result.electrons[j][i] - electrons[j]), error = result.electronErrors[j][i]
        #expect(diff <= 5 * error, "\(label) t = \(times[i]) electron \(j): \(diff) > 5 × \(error)")
      }
      for k in nuclei.indices {
        let diff = abs(result.nuclei[k][i] - nuclei[k]), error = result.nucleusErrors[k][i]
        #expect(diff <= 5 * error, "\(label) t = \(times[i]) nucleus \(k): \(diff) > 5 × \(error)")
      }
    }
    let last = times.count - 1
    #expect(
      result.nuclei[0][last] >= 10 * result.nucleusErrors[0][last], "\(label): \(result.nuclei[0][last])")
  }
}

/// The same seed gives bit-for-bit the same averages on 1, 2 and 3 threads; another seed differs.
@Test func kineticMonteCarloDoesNotDependOnTheThreadCount() throws {
  let kmc = try ZeemanKineticMonteCarlo(parameters: fastParameters(), spins: threeNuclei())
  let times = [0.01, 0.1, 0.3]
  let one = try kmc.run(times: times, trajectories: 40, seed: 3, threads: 1)
  #expect(try kmc.run(times: times, trajectories: 40, seed: 3, threads: 2) == one)
  #expect(try kmc.run(times: times, trajectories: 40, seed: 3, threads: 3) == one)
  #expect(try kmc.run(times: times, trajectories: 40, seed: 4, threads: 2) != one)
}

/// Trajectories split into blocks (checkpoints, shards) and merged in another order give the same sums and
/// averages, bit for bit, as one run; sums of other time grids are refused.
@Test func kineticMonteCarloBlocksMergeIntoOneRun() throws {
  let kmc = try ZeemanKineticMonteCarlo(parameters: fastParameters(), spins: threeNuclei())
  let times = [0.01, 0.1, 0.3]
  let whole = try kmc.sums(times: times, trajectories: 0..<30, seed: 3, threads: 2)
  var merged = try kmc.sums(times: times, trajectories: 17..<30, seed: 3, threads: 1)
  try merged.merge(try kmc.sums(times: times, trajectories: 0..<5, seed: 3, threads: 2))
  try merged.merge(try kmc.sums(times: times, trajectories: 5..<17, seed: 3, threads: 3))
  #expect(merged == whole)
  #expect(whole.trajectories == 30)
  let p = fastParameters().electronPolarization
  #expect(KineticMonteCarloResult(merged, electronPolarization: p) == (try kmc.run(times: times, trajectories: 30, seed: 3, threads: 1)))
  #expect(throws: CrossEffectError.self) { try merged.merge(try kmc.sums(times: [0.1], trajectories: 0..<2, seed: 3)) }
  #expect(throws: CrossEffectError.self) { try kmc.sums(times: times, trajectories: 4..<4, seed: 3) }
  // Progress: once per trajectory, from any thread, ending at 1.
  let seen = ProgressLog()
  _ = try kmc.sums(times: times, trajectories: 0..<9, seed: 3, threads: 2) { seen.append($0) }
  #expect(seen.values.sorted() == (1...9).map { Double($0) / 9 })
}

private final class ProgressLog: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [Double] = []
  func append(_ x: Double) {
    lock.lock()
    list.append(x)
    lock.unlock()
  }
  var values: [Double] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}

/// A synthetic mono-exponential is recovered to 1e-9 (relative) from 40 log-spaced points; with a 2 % sine
/// ripple the fit still converges near the truth; data that do not resolve τ are flagged.
@Test func buildUpFitRecoversAMonoExponential() throws {
  let epsilon = 0.83, tau = 3.7
  let times = (0..<40).map { 0.05 * pow(10, 3 * Double($0) / 39) }
  let values = times.map { epsilon * -expm1(-$0 / tau) }
  let fit = try BuildUpFit(times: times, values: values)
  #expect(fit.converged)
  #expect(abs(fit.enhancement - epsilon) <= 1e-9 * epsilon, "\(fit.enhancement)")
  #expect(abs(fit.buildUpTime - tau) <= 1e-9 * tau, "\(fit.buildUpTime)")
  #expect(fit.rmsResidual < 1e-10)
  let rippled = zip(times, values).map { $1 * (1 + 0.02 * sin($0)) }
  let rough = try BuildUpFit(times: times, values: rippled)
  #expect(
    rough.converged && abs(rough.enhancement - epsilon) < 0.05 && abs(rough.buildUpTime - tau) < 0.5 * tau)
  #expect(throws: CrossEffectError.self) { try BuildUpFit(times: [1, 2], values: [0, 0]) }
  // Not resolved, reported as not converged: a straight line (τ → ∞) and a step already complete at the first
  // time (τ → 0).
  let grid = (1...20).map { Double($0) * 0.1 }
  #expect(!(try BuildUpFit(times: grid, values: grid)).converged)
  #expect(!(try BuildUpFit(times: grid, values: grid.map { _ in 1 })).converged)
}

/// The alias table selects index i with probability w_i/Σw: on a grid of 10⁵ evenly spaced u the frequencies
/// match to 10⁻⁴ (the grid's resolution), zero weights are never selected.
@Test func aliasTableSelectsByWeight() {
  let weights = [1.0, 0, 2, 0, 3, 0.5, 1e-3]
  let table = AliasTable(weights: weights)
  var counts = [Int](repeating: 0, count: weights.count)
  let m = 100_000
  for i in 0..<m { counts[table.select((Double(i) + 0.5) / Double(m))] += 1 }
  let total = weights.reduce(0, +)
  for (c, w) in zip(counts, weights) { #expect(abs(Double(c) / Double(m) - w / total) <= 1e-4, "\(counts)") }
  #expect(counts[1] == 0 && counts[3] == 0)
}

/// The rate tree selects index i for u in [Σ_{j<i} r_j, Σ_{j≤i} r_j), skipping zero rates.
@Test func rateTreeSelectsByCumulativeRate() {
  var tree = RateTree(count: 5)
  for (i, r) in [1.0, 0, 2, 0, 3].enumerated() { tree.set(i, r) }
  #expect(tree.total == 6)
  #expect([0.0, 0.99, 1.0, 2.99, 3.0, 5.99].map(tree.select) == [0, 0, 2, 2, 4, 4])
  tree.set(4, 0)
  #expect(tree.total == 3 && tree.select(2.999999) == 2)
  var rebuilt = RateTree(count: 5)
  for (i, r) in [1.0, 0, 2, 0, 0].enumerated() { rebuilt.setLeaf(i, r) }
  rebuilt.rebuild()
  #expect(
    rebuilt.total == 3 && (0..<6).allSatisfy { rebuilt.select(Double($0) / 2) == tree.select(Double($0) / 2) }
  )
}

/// 20 protons at random positions (≥ 4 Å from each electron, ≥ 3 Å apart; electrons 20 Å apart), with a broad
/// homogeneous line (R2 = 10⁶ s⁻¹), ω1 = 2π·150 kHz so that the hyperfine fields (~MHz) do not detune
/// everything, and R1 = 10³ s⁻¹ (electron 2's T1 limits the transfer; D = 2π·2.4 MHz here); nuclear couplings
/// |d| ≤ 2π·100 Hz are dropped (the cutoff option): the run completes, with and without spin diffusion, and the
/// total nuclear polarization rises (0.3 s) by more than 5 standard errors (the trajectory spread of the mean over
/// the nuclei / √64; 16 trajectories, as before the thinning, gave only ~5σ).
@Test func randomGeometryBuildsUpPolarization() throws {
  let (p, spins) = try randomBiradical(nuclei: 20, extent: 7)
  let times = [0.0, 0.05, 0.3]
  for diffusion in [true, false] {
    let kmc = try ZeemanKineticMonteCarlo(
      parameters: p, spins: spins, spinDiffusion: diffusion, nuclearCouplingCutoff: twoPi * 100)
    let result = try kmc.run(times: times, trajectories: 64, seed: 1, threads: 2)
    #expect(abs(result.total[0]) <= 5 * result.totalErrors[0])
    #expect(result.total[2] > 5 * result.totalErrors[2], "\(result.total) ± \(result.totalErrors)")
    #expect(result.total[2] > result.total[1] && result.total[1] > result.total[0])
    #expect(result.events > 0)
  }
}

/// Electrons 20 Å apart, `nuclei` protons uniform in cubes of half-width `extent` Å around them (≥ 4 Å from each
/// electron, ≥ 3 Å apart; seed 11), field (0.3, 0.4, 0.87); p = 0.9, R1 = 10³ s⁻¹, R2 = 10⁶ s⁻¹, ω1 = 2π·150 kHz,
/// the rest Fig. 1(c) incoherent, D from the geometry.
private func randomBiradical(nuclei count: Int, extent: Double) throws -> (
  CrossEffectParameters, CrossEffectSpins
) {
  var rng = Xoshiro256StarStar(seed: 11, stream: 0)
  let electrons = [[-10.0, 0, 0], [10.0, 0, 0]]
  var nuclei: [[Double]] = []
  func distance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
  }
  while nuclei.count < count {
    let centre = electrons[nuclei.count % 2]
    let position = zip(centre, (0..<3).map { _ in rng.uniform(-extent, extent) }).map(+)
    if electrons.allSatisfy({ distance($0, position) >= 4 }),
      nuclei.allSatisfy({ distance($0, position) >= 3 })
    {
      nuclei.append(position)
    }
  }
  let geometry = SpinGeometry(electrons: electrons, nuclei: nuclei, field: [0.3, 0.4, 0.87])
  let (d, spins) = try geometry.couplings()
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronPolarization = 0.9
  p.electronCoupling = d
  p.electronRelaxation = 1000
  p.electronDecoherence = 1e6
  p.microwaveAmplitude = twoPi * 150e3
  return (p, spins)
}

/// Timing (not a check; runs only with DNP_KMC_BENCHMARK=1): 100 protons × 100 trajectories to 0.3 s on 2
/// threads, with spin diffusion (all pairs, and |d| > 2π·100 Hz) and without; prints events per second per core.
@Test(.enabled(if: ProcessInfo.processInfo.environment["DNP_KMC_BENCHMARK"] == "1"))
func kineticMonteCarloBenchmark() throws {
  let (p, spins) = try randomBiradical(nuclei: 100, extent: 12)
  for (label, diffusion, cutoff) in [
    ("d all pairs", true, 0.0), ("d > 2π·100 Hz", true, twoPi * 100), ("d = 0", false, 0),
  ] {
    let start = Date()
    let kmc = try ZeemanKineticMonteCarlo(
      parameters: p, spins: spins, spinDiffusion: diffusion, nuclearCouplingCutoff: cutoff)
    let setup = Date().timeIntervalSince(start)
    let result = try kmc.run(times: [0, 0.1, 0.3], trajectories: 100, seed: 1, threads: 2)
    let wall = Date().timeIntervalSince(start)
    let fit = try? BuildUpFit(times: result.times, values: result.total)
    print(
      "kMC benchmark \(label): P = \(kmc.processCount), setup \(setup) s, total \(wall) s, events \(result.events), "
        + "\(Double(result.events) / (wall - setup) / 2) events/s/core, total P(t) \(result.total), fit \(String(describing: fit))"
    )
  }
}
