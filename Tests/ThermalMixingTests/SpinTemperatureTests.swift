import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import Testing
import ThermalMixing

/// Tests of the spin-temperature part of the thermal-mixing model: the fitting method (eqs. 17–18), the
/// perturbative expansion (eqs. 20–25, appendices A–C) and the Kullback–Leibler divergence (eq. 27).
@Suite struct SpinTemperatureTests {
  static let mhz = 2 * Double.pi * 1e6
  static let omegaE = 2 * Double.pi * 93.9e9

  // MARK: - Helpers (independent of the code under test)

  /// A random realization: N electrons and one nucleus, lab-frame energies ω_e s_n + O(100 MHz) offsets.
  static func randomLabSpectrum(electrons n: Int, seed: UInt64, stream: UInt64) -> (
    energies: [Double], magnetizations: [Double]
  ) {
    var rng = Xoshiro256StarStar(seed: seed, stream: stream)
    let offsets = (0..<n).map { _ in rng.uniform(-54, 54) * mhz }
    var energies: [Double] = [], magnetizations: [Double] = []
    for state in 0..<(1 << (n + 1)) {
      var s = 0.0, e = 0.0
      for i in 0..<n {
        let up = (state >> i) & 1 == 1
        s += up ? 0.5 : -0.5
        e += (up ? 0.5 : -0.5) * (omegaE + offsets[i])
      }
      let nuclearUp = (state >> n) & 1 == 1
      e += (nuclearUp ? -0.5 : 0.5) * 20 * mhz  // −ω_n I^z
      e += rng.uniform(-3, 3) * mhz  // interaction-like shifts
      energies.append(e)
      magnetizations.append(s)
    }
    return (energies, magnetizations)
  }

  /// Gibbs populations ∝ exp(−β(ε + h s)) from lab-frame energies (max-shifted exponentials).
  static func gibbs(_ energies: [Double], _ s: [Double], beta: Double, field h: Double) -> [Double] {
    let x = zip(energies, s).map { -beta * ($0 + h * $1) }
    let m = x.max()!
    let w = x.map { exp($0 - m) }
    let z = w.reduce(0, +)
    return w.map { $0 / z }
  }

  static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), .leastNormalMagnitude) }

  static func parameters(
    electrons: Int = 8, width: Double = 54, u: Double = 15, detuning: Double = -39,
    omega1: Double = 2 * .pi * 25e3,
    temperature: Double = 1.2, t1e: Double = 1, t2e: Double = 1e-6
  ) -> ThermalMixingParameters {
    ThermalMixingParameters(
      electrons: electrons, electronLarmor: omegaE, inhomogeneousWidth: width * mhz, dipolarStrength: u * mhz,
      hyperfineStrength: 0.5 * mhz, nuclearLarmor: 20 * mhz, microwaveFrequency: omegaE + detuning * mhz,
      microwaveAmplitude: omega1, temperature: temperature, t1e: t1e, t2e: t2e)
  }

  // MARK: - (a) Fitting method

  /// Populations that are exactly of Gibbs form (lab-frame energies with ω_e ≈ 2π·94 GHz) give back their
  /// (β_s, h), also with negative β_s and with the bath state (h = 0, β_s = β).
  @Test(arguments: [(2e-9, 30.0), (-1.5e-9, -20.0), (0.0, 0.0)])
  func fitRecoversGibbsParameters(beta: Double, fieldOffsetMHz: Double) throws {
    let betaS = beta == 0 ? PhysicalConstants.inverseTemperature(kelvin: 1.2) : beta
    let eta = fieldOffsetMHz * Self.mhz
    let h = beta == 0 ? 0 : -Self.omegaE + eta
    let ensembles = (0..<3).map { r -> EigenstateEnsemble in
      let (e, s) = Self.randomLabSpectrum(electrons: 4, seed: 11, stream: UInt64(r))
      let p = Self.gibbs(e, s, beta: betaS, field: h)
      return EigenstateEnsemble(
        relativeEnergies: zip(e, s).map { $0 - Self.omegaE * $1 }, magnetizations: s, populations: p)
    }
    let fit = try fitSpinTemperature(ensembles, referenceFrequency: Self.omegaE, nuclearLarmor: 20 * Self.mhz)
    #expect(Self.relative(fit.inverseTemperature, betaS) < 1e-9)
    if beta == 0 {
      #expect(abs(fit.effectiveField) < 1e-9 * Self.omegaE)
    } else {
      #expect(Self.relative(fit.fieldOffset(from: Self.omegaE), eta) < 1e-9)
      #expect(Self.relative(fit.effectiveField, h) < 1e-12)
    }
    #expect(Self.relative(fit.predictedNuclearPolarization, tanh(betaS * 20 * Self.mhz / 2)) < 1e-9)
    #expect(fit.method == .fit(realizations: 3))
  }

  /// For populations that are not of Gibbs form, the fitted Ansatz reproduces the realization-averaged
  /// ⟨H − ω_e S^z⟩ and ⟨S^z⟩ (eq. 18), computed here independently.
  @Test func fitMatchesAveragedMoments() throws {
    var rng = Xoshiro256StarStar(seed: 5, stream: 99)
    var ensembles: [EigenstateEnsemble] = []
    for r in 0..<2 {
      let (e, s) = Self.randomLabSpectrum(electrons: 3, seed: 3, stream: UInt64(r))
      let g = Self.gibbs(e, s, beta: 1.5e-9, field: -Self.omegaE + 25 * Self.mhz)
      let noisy = g.map { $0 * rng.uniform(0.5, 1.5) }
      let z = noisy.reduce(0, +)
      ensembles.append(
        EigenstateEnsemble(
          relativeEnergies: zip(e, s).map { $0 - Self.omegaE * $1 }, magnetizations: s,
          populations: noisy.map { $0 / z }))
    }
    let fit = try fitSpinTemperature(ensembles, referenceFrequency: Self.omegaE, nuclearLarmor: 20 * Self.mhz)
    var target = (e: 0.0, s: 0.0), ansatz = (e: 0.0, s: 0.0)
    let eta = fit.effectiveField + Self.omegaE
    for ens in ensembles {
      let w = zip(ens.relativeEnergies, ens.magnetizations).map {
        exp(-fit.inverseTemperature * ($0 + eta * $1))
      }
      let z = w.reduce(0, +)
      for n in w.indices {
        target.e += ens.populations[n] * ens.relativeEnergies[n] / 2
        target.s += ens.populations[n] * ens.magnetizations[n] / 2
        ansatz.e += w[n] / z * ens.relativeEnergies[n] / 2
        ansatz.s += w[n] / z * ens.magnetizations[n] / 2
      }
    }
    #expect(abs(ansatz.e - target.e) < 1e-10 * 54 * Self.mhz)
    #expect(abs(ansatz.s - target.s) < 1e-10)
    // The noise moved the answer away from the Gibbs parameters it started from.
    #expect(Self.relative(fit.inverseTemperature, 1.5e-9) > 1e-4)
  }

  @Test func fitRejectsBadInput() {
    #expect(throws: SpinTemperatureFitError.noRealizations) {
      try fitSpinTemperature([], referenceFrequency: Self.omegaE, nuclearLarmor: 1)
    }
    let bad = EigenstateEnsemble(relativeEnergies: [0, 1], magnetizations: [0.5], populations: [1, 0])
    #expect(throws: SpinTemperatureFitError.inconsistentEnsemble(index: 0)) {
      try fitSpinTemperature([bad], referenceFrequency: Self.omegaE, nuclearLarmor: 1)
    }
    let flat = EigenstateEnsemble(
      relativeEnergies: [0, 1], magnetizations: [0.5, 0.5], populations: [0.5, 0.5])
    #expect(throws: SpinTemperatureFitError.degenerate) {
      try fitSpinTemperature([flat], referenceFrequency: Self.omegaE, nuclearLarmor: 1)
    }
  }

  // MARK: - (b) Single-spin (Bloch) limit of κ

  /// One electron (discrete form, U = 0): κ(ω) = 0 gives the Bloch steady state. κ relaxes P at 1/(2T1e), so
  /// the Bloch T1 is 2·T1e: T1e = 0.5 ms, T2e = 1 µs, ω1 = 2π·100 kHz reproduce SPEC §6's T1 = 1 ms numbers.
  @Test(arguments: [(0.0, 0.002527), (0.2, 0.006491), (1.0, 0.092998)])
  func singleSpinReproducesBloch(detuningMHz: Double, expected: Double) throws {
    let offset = 3.7 * Self.mhz
    let detuning = detuningMHz * Self.mhz
    var p = Self.parameters(electrons: 1, width: 0, u: 0, omega1: 2 * .pi * 1e5, t1e: 0.5e-3, t2e: 1e-6)
    p.microwaveFrequency = Self.omegaE + (offset - detuning)
    let st = try perturbativeSpinTemperature(p, lineShape: .discrete(offsets: [offset]), order: .first)
    let m = try #require(st.method.perturbative, "a perturbative method")
    #expect(m.singleFrequency && m.lineShape == .discrete && m.frequencies == 1)
    let kappa = ElectronPolarizationRate(p, ansatz: st)
    let ratio = kappa.ansatzPolarization(offset: offset) / kappa.thermalPolarization(offset: offset)
    let bloch = Thermal.blochSaturation(offset: detuning, omega1: 2 * .pi * 1e5, t1: 1e-3, t2: 1e-6)
    // 1e-9: ω_MW = ω_e + … is rounded to ~1e-4 rad/s in the lab frame, a 1e-10 relative change of
    // δ = 2π·1 MHz.
    #expect(Self.relative(ratio, bloch) < 1e-9)
    #expect(abs(ratio - expected) < 6e-7)
    let isolated = ElectronPolarizationRate.isolatedSpinPolarization(p, offset: offset)
    #expect(Self.relative(isolated, kappa.ansatzPolarization(offset: offset)) < 1e-10)
    // κ vanishes there, on the scale of its two terms.
    let scale = (1 / (2 * p.t1e)) * abs(kappa.thermalPolarization(offset: offset))
    #expect(abs(kappa(offset: offset)) < 1e-9 * scale)
  }

  // MARK: - (c) First order, continuum, against an independent quadrature

  /// Eq. 20 (with 20b − ω_e·20a) for f uniform on [ω_e − Δω_e, ω_e + Δω_e], solved here by composite Simpson
  /// on a piecewise-uniform grid (10⁴ steps across the Lorentzian) and nested Brent solves.
  @Test func continuumFirstOrderMatchesIndependentQuadrature() throws {
    let p = Self.parameters()
    let st = try perturbativeSpinTemperature(p, lineShape: .continuum, order: .first)

    let delta = p.inhomogeneousWidth, xMW = p.microwaveFrequency - p.electronLarmor
    let beta = p.beta, t1 = p.t1e, t2 = p.t2e, w1 = p.microwaveAmplitude
    // Simpson nodes and weights (times f = 1/(2Δ)).
    var xs: [Double] = [], ws: [Double] = []
    func simpson(_ a: Double, _ b: Double, step: Double) {
      var n = Int(((b - a) / step).rounded(.up))
      if n % 2 == 1 { n += 1 }
      let h = (b - a) / Double(n)
      for i in 0...n {
        let c: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
        xs.append(a + Double(i) * h)
        ws.append(c * h / 3 / (2 * delta))
      }
    }
    let window = 50 / t2
    simpson(-delta, xMW - window, step: 1e5)
    simpson(xMW - window, xMW + window, step: 1e4)
    simpson(xMW + window, delta, step: 1e5)
    let p0 = xs.map { -tanh(beta * (p.electronLarmor + $0) / 2) }
    let lor = xs.map { t2 * w1 * w1 / (t2 * t2 * ($0 - xMW) * ($0 - xMW) + 1) }
    func equations(_ betaS: Double, _ eta: Double) -> (Double, Double) {
      var a = 0.0, b = 0.0
      for i in xs.indices {
        let pe = -tanh(betaS * (xs[i] + eta) / 2)
        let kappa = (p0[i] - pe) / (2 * t1) - lor[i] * pe
        a += ws[i] * kappa
        b += ws[i] * xs[i] * kappa
      }
      return (a, b)
    }
    func etaSolving(_ betaS: Double) throws -> Double {
      let reach = delta + 80 / betaS
      return try brentRoot(in: -reach...reach, tolerance: 1e-6) { equations(betaS, $0).0 }
    }
    let betaS = try brentRoot(in: 1e-10...1e-7, tolerance: 1e-22) { b in
      equations(b, try etaSolving(b)).1 / delta
    }
    let eta = try etaSolving(betaS)
    // Agreement is ~1e-14 in practice; 1e-8 leaves room for the Simpson error.
    #expect(Self.relative(st.inverseTemperature, betaS) < 1e-8)
    #expect(Self.relative(st.fieldOffset(from: p.electronLarmor), eta) < 1e-8)
    #expect(Self.relative(st.predictedNuclearPolarization, tanh(betaS * p.nuclearLarmor / 2)) < 1e-8)
    // Sanity of the regime: a large positive enhancement for ω_MW below the line centre.
    #expect(st.predictedNuclearPolarization > 0.1)
  }

  // MARK: - (d) Microwaves off

  /// With ω1 = 0 the only solution is the bath state: β_s = β and h = 0, for every form of the equations.
  @Test func microwavesOffGiveBathTemperature() throws {
    var p = Self.parameters(omega1: 0)
    let cases: [(LineShape, PerturbativeOrder, Bool)] = [
      (.continuum, .first, false), (.continuum, .second, false), (.continuum, .first, true),
      (.continuum, .second, true), (.equallySpaced(p), .first, false), (.equallySpaced(p), .second, false),
    ]
    for temperature in [1.2, 4.2] {
      p.temperature = temperature
      for (shape, order, borghini) in cases {
        let st = try perturbativeSpinTemperature(p, lineShape: shape, order: order, borghini: borghini)
        #expect(Self.relative(st.inverseTemperature, p.beta) < 1e-9)
        #expect(abs(st.effectiveField) < 1e-9 * p.electronLarmor)
        #expect(Self.relative(st.predictedNuclearPolarization, tanh(p.beta * p.nuclearLarmor / 2)) < 1e-9)
      }
    }
  }

  // MARK: - Second order

  /// The continuum second order (reduced to a single integral) is the N → ∞ limit of the discrete C4–C5
  /// with U²/N. A broad Lorentzian (T2e = 10 ns) lets N = 300 equally spaced spins resolve it.
  @Test func discreteSecondOrderApproachesContinuum() throws {
    let p = Self.parameters(electrons: 300, u: 15, omega1: 2 * .pi * 250e3, t2e: 1e-8)
    let c1 = try perturbativeSpinTemperature(p, lineShape: .continuum, order: .first)
    let c2 = try perturbativeSpinTemperature(p, lineShape: .continuum, order: .second)
    let d1 = try perturbativeSpinTemperature(p, lineShape: .equallySpaced(p), order: .first)
    let d2 = try perturbativeSpinTemperature(p, lineShape: .equallySpaced(p), order: .second)
    #expect(Self.relative(d1.inverseTemperature, c1.inverseTemperature) < 2e-5)  // midpoint rule, O(1/N²)
    let shiftC = c2.inverseTemperature - c1.inverseTemperature
    let shiftD = d2.inverseTemperature - d1.inverseTemperature
    #expect(abs(shiftC) > 0.01 * c1.inverseTemperature)  // the correction matters
    #expect(Self.relative(shiftD, shiftC) < 0.02)  // O(1/N): the excluded l = j terms; a factor 2 would fail
    let etaShiftC = c2.fieldOffset(from: p.electronLarmor) - c1.fieldOffset(from: p.electronLarmor)
    let etaShiftD = d2.fieldOffset(from: p.electronLarmor) - d1.fieldOffset(from: p.electronLarmor)
    #expect(Self.relative(etaShiftD, etaShiftC) < 0.01)
  }

  /// A sample with every U_jl² = U²/N is the averaged discrete form; the `.mainText` prefactor U²/2 equals
  /// `.appendixC` with U/√2; at U = 0 the second order is the first.
  @Test func secondOrderConsistency() throws {
    let p = Self.parameters(electrons: 6)
    let offsets = try #require(LineShape.equallySpaced(p).discreteOffsets, "equally spaced offsets")
    #expect(offsets.count == 6 && Self.relative(offsets[0], -54 * Self.mhz * 5 / 6) < 1e-15)
    let u = p.dipolarStrength / Double(6).squareRoot()
    let couplings = (0..<6).map { j in (0..<6).map { l in j == l ? 0 : u } }
    let averaged = try perturbativeSpinTemperature(p, lineShape: .discrete(offsets: offsets), order: .second)
    let sample = try perturbativeSpinTemperature(
      p, lineShape: .sample(offsets: offsets, couplings: couplings), order: .second)
    #expect(Self.relative(sample.inverseTemperature, averaged.inverseTemperature) < 1e-12)
    var half = p
    half.dipolarStrength = p.dipolarStrength / 2.0.squareRoot()
    for shape in [LineShape.continuum, .discrete(offsets: offsets)] {
      let main = try perturbativeSpinTemperature(
        p, lineShape: shape, order: .second, secondOrderPrefactor: .mainText)
      let appendix = try perturbativeSpinTemperature(half, lineShape: shape, order: .second)
      #expect(Self.relative(main.inverseTemperature, appendix.inverseTemperature) < 1e-9)
    }
    var free = p
    free.dipolarStrength = 0
    let first = try perturbativeSpinTemperature(free, order: .first)
    let second = try perturbativeSpinTemperature(free, order: .second)
    #expect(Self.relative(second.inverseTemperature, first.inverseTemperature) < 1e-10)
    // Dipolar couplings broaden the absorption and raise the spin temperature (Sec. IV).
    let coupled = try perturbativeSpinTemperature(p, order: .second)
    #expect(coupled.inverseTemperature < 0.97 * first.inverseTemperature)
  }

  /// Regression against an independent SciPy evaluation of the same equations (quad + fsolve) at the paper's
  /// Table I values, ω_MW = ω_e − 2π·39 MHz: first order and second order (U = 15 MHz, prefactor U²).
  @Test func continuumMatchesReferenceValues() throws {
    let p = Self.parameters()
    let first = try perturbativeSpinTemperature(p, order: .first)
    let second = try perturbativeSpinTemperature(p, order: .second)
    #expect(Self.relative(first.inverseTemperature, 3.7133658595726774e-09) < 1e-7)
    #expect(Self.relative(first.fieldOffsetMHz(from: p.electronLarmor), 39.129328828008546) < 1e-7)
    #expect(Self.relative(second.inverseTemperature, 3.5032875454968757e-09) < 1e-7)
    #expect(Self.relative(second.fieldOffsetMHz(from: p.electronLarmor), 39.19722617611836) < 1e-7)
  }

  /// Borghini's eq. 22 is the T2e → ∞ limit of eq. 21 (T2e ω1² L → π ω1² δ(ω − ω_MW)): at T2e = 1 ms the two
  /// agree to ~0.5 % at first and second order (the approach is slow, ∝ 1/T2e, because the microwave term
  /// outweighs the relaxation term ~200-fold), while at T2e = 1 µs they differ by a factor ~3 (Sec. III B).
  @Test func borghiniIsTheNarrowLineLimit() throws {
    var p = Self.parameters()
    p.t2e = 1e-3
    for order in [PerturbativeOrder.first, .second] {
      let lorentzian = try perturbativeSpinTemperature(p, order: order)
      let borghini = try perturbativeSpinTemperature(p, order: order, borghini: true)
      #expect(Self.relative(lorentzian.inverseTemperature, borghini.inverseTemperature) < 0.006)
      #expect(
        Self.relative(
          lorentzian.fieldOffset(from: p.microwaveFrequency), borghini.fieldOffset(from: p.microwaveFrequency)
        )
          < 0.007)
    }
  }

  /// The solver converges across the line and temperatures; the sign of P_n follows the side of the line
  /// that is irradiated, and Borghini's δ absorption gives a lower spin temperature than eq. 21 (Sec. III B).
  @Test func perturbativeSweep() throws {
    for temperature in [0.5, 1.2, 4.2] {
      for detuning in [-50.0, -20, 10, 40] {
        let p = Self.parameters(detuning: detuning, temperature: temperature)
        for order in [PerturbativeOrder.first, .second] {
          let st = try perturbativeSpinTemperature(p, order: order)
          #expect(st.predictedNuclearPolarization * detuning < 0)
        }
      }
    }
    let p = Self.parameters()
    let lorentzian = try perturbativeSpinTemperature(p, order: .first)
    let borghini = try perturbativeSpinTemperature(p, order: .first, borghini: true)
    #expect(borghini.inverseTemperature > lorentzian.inverseTemperature)
    #expect(throws: PerturbativeSpinTemperatureError.borghiniNeedsContinuum) {
      try perturbativeSpinTemperature(p, lineShape: .equallySpaced(p), borghini: true)
    }
    #expect(throws: PerturbativeSpinTemperatureError.coincidentOffsets) {
      try perturbativeSpinTemperature(p, lineShape: .discrete(offsets: [0, 0, 1e8]), order: .second)
    }
  }

  // MARK: - (e) Kullback–Leibler divergence

  @Test func kullbackLeiblerDivergence() {
    let p = [0.5, 0.3, 0.2], q = [0.25, 0.25, 0.5]
    // 0.5 ln 2 + 0.3 ln 1.2 + 0.2 ln 0.4 by hand.
    let hand = 0.5 * 0.693_147_180_559_945_3 + 0.3 * 0.182_321_556_793_954_6 - 0.2 * 0.916_290_731_874_155
    #expect(Self.relative(ThermalMixing.kullbackLeiblerDivergence(p, q), hand) < 1e-13)
    #expect(Self.relative(ThermalMixing.kullbackLeiblerDivergence(p, logQ: q.map { log($0) }), hand) < 1e-13)
    #expect(abs(ThermalMixing.kullbackLeiblerDivergence(p, p)) < 1e-16)
    let tiny = [1 - 2e-300, 1e-300, 1e-300, 0]
    let kTiny = ThermalMixing.kullbackLeiblerDivergence(tiny, tiny)
    #expect(kTiny >= 0 && kTiny < 1e-16)
    // A zero in p contributes nothing (0 ln 0 = 0); a zero in q where p > 0 is infinite.
    #expect(Self.relative(ThermalMixing.kullbackLeiblerDivergence([0.5, 0.5, 0], q), log(2)) < 1e-14)
    #expect(ThermalMixing.kullbackLeiblerDivergence(q, [0.5, 0.5, 0]) == .infinity)
    // Unnormalized input is normalized first.
    #expect(Self.relative(ThermalMixing.kullbackLeiblerDivergence(p.map { 3 * $0 }, q), hand) < 1e-13)
  }

  /// Against the fitted Ansatz: 0 for Gibbs populations, and the direct sum for others.
  @Test func kullbackLeiblerAgainstAnsatz() throws {
    let (e, s) = Self.randomLabSpectrum(electrons: 3, seed: 8, stream: 0)
    let relativeE = zip(e, s).map { $0 - Self.omegaE * $1 }
    let g = Self.gibbs(e, s, beta: 1e-9, field: -Self.omegaE + 10 * Self.mhz)
    let gibbs = EigenstateEnsemble(relativeEnergies: relativeE, magnetizations: s, populations: g)
    let ansatz = SpinTemperature(
      inverseTemperature: 1e-9, effectiveField: -Self.omegaE + 10 * Self.mhz, nuclearLarmor: 20 * Self.mhz,
      method: .fit(realizations: 1))
    #expect(gibbs.kullbackLeiblerDivergence(from: ansatz, referenceFrequency: Self.omegaE) < 1e-12)
    let q = gibbs.ansatzPopulations(ansatz, referenceFrequency: Self.omegaE)
    #expect(zip(q, g).allSatisfy { abs($0 - $1) < 1e-12 * $1 + 1e-300 })
    let other = g.enumerated().map { $0.offset % 3 == 0 ? 2 * $0.element : $0.element }
    let z = other.reduce(0, +)
    let pOther = other.map { $0 / z }
    let direct = zip(pOther, g).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) }
    let ens = EigenstateEnsemble(relativeEnergies: relativeE, magnetizations: s, populations: pOther)
    let kl = ens.kullbackLeiblerDivergence(from: ansatz, referenceFrequency: Self.omegaE)
    #expect(kl > 1e-3 && Self.relative(kl, direct) < 1e-9)
    let stats = kullbackLeiblerStatistics([gibbs, ens], ansatz: ansatz, referenceFrequency: Self.omegaE)
    #expect(stats.count == 2 && Self.relative(stats.mean, kl / 2) < 1e-9)
  }

  // MARK: - Result type

  @Test func spinTemperatureUnitsAndCoding() throws {
    let beta = PhysicalConstants.inverseTemperature(kelvin: 1.2)
    let st = SpinTemperature(
      inverseTemperature: beta, effectiveField: -Self.omegaE + 5 * Self.mhz, nuclearLarmor: 20 * Self.mhz,
      method: .perturbative(
        PerturbativeMethod(
          order: .second, lineShape: .continuum, frequencies: nil, borghini: false,
          secondOrderPrefactor: .appendixC, singleFrequency: false)))
    #expect(Self.relative(st.temperatureKelvin, 1.2) < 1e-14)
    #expect(Self.relative(st.inverseTemperaturePerKelvin, 1 / 1.2) < 1e-14)
    #expect(Self.relative(st.fieldOffsetMHz(from: Self.omegaE), 5) < 1e-9)
    #expect(Self.relative(st.effectiveFieldMHz, -93_900 + 5) < 1e-14)
    let data = try JSONEncoder().encode(st)
    #expect(try JSONDecoder().decode(SpinTemperature.self, from: data) == st)
    #expect(st.method.description.contains("second order"))
  }
}

// Case extraction for `#require`: a test whose pattern does not match fails instead of passing unchecked.
extension SpinTemperatureMethod {
  var perturbative: PerturbativeMethod? {
    if case .perturbative(let m) = self { return m }
    return nil
  }
}

extension LineShape {
  var discreteOffsets: [Double]? {
    if case .discrete(let offsets) = self { return offsets }
    return nil
  }
}

/// The ensemble analysis is the fit over all realizations plus each realization's KL divergence from it.
@Test func ensembleAnalysisCombinesTheFitAndTheDivergences() throws {
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = 4
  let ensembles = try (0..<3).map { r in
    try ThermalMixingProblem(parameters: p, sample: .gaussian(p, seed: 2, realization: r)).stationaryState().ensemble
  }
  let analysis = try ThermalMixingEnsembleAnalysis(ensembles: ensembles, parameters: p)
  let fit = try fitSpinTemperature(ensembles, parameters: p)
  #expect(analysis.fit.inverseTemperature == fit.inverseTemperature)
  for (k, e) in zip(analysis.klDivergences, ensembles) {
    #expect(k == e.kullbackLeiblerDivergence(from: fit, referenceFrequency: p.electronLarmor))
    #expect(k >= 0)
  }
  #expect(abs(analysis.meanKLDivergence - analysis.klDivergences.reduce(0, +) / 3) < 1e-15)
  #expect(throws: SpinTemperatureFitError.self) { _ = try ThermalMixingEnsembleAnalysis(ensembles: [], parameters: p) }
}
