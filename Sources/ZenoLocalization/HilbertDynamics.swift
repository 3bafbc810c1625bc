import DNPNumerics
import MasterEquations
import SpinPhysics

/// The stationary state of the Hilbert (secular) dynamics: populations of the eigenstates of H_S.
public struct HilbertSteadyState: Sendable {
  /// Populations p_n of the eigenstates |n⟩ of H_S, in sector order (sector k = k spins up).
  public var populations: [Double]
  /// `2⟨S^z_i⟩ = 2 Σ_n p_n ⟨n|S^z_i|n⟩` per spin.
  public var polarizations: [Double]
}

/// The rates of the Hilbert dynamics between the eigenstates of H_S (ZL supplement eqs. S18, S19, S52, S53).
///
/// - Bath: `W^B_{n→m} = h(ω_nm)/T(|ω_nm|) Σ_{i,µ} |⟨m|S^µ_i|n⟩|²` with ω_nm = ε_n − ε_m (lab frame). Between
///   neighbouring magnetization sectors (µ = x, y; T = T1/2) `Σ_{µ=x,y} |⟨m|S^µ_i|n⟩|² = ½|⟨m|S^±_i|n⟩|²`; inside a
///   sector (µ = z, T = T*) the S^z_i elements between different eigenstates.
/// - Decoherence (eq. S19, its `h(ω_nk)W^B_nk` read as `W^B_nk`, SPEC §4):
///   `1/T_nm = ½Σ_k W^B_{n→k} + ½Σ_k W^B_{m→k} + (1/4T(0)) Σ_i (⟨n|S^z_i|n⟩ − ⟨m|S^z_i|m⟩)²`.
/// - Microwaves (eq. S53): `W^MW_nm = 2ω1² T_nm |⟨n|S^x|m⟩|² / (1 + T_nm² Δω_nm²)` both ways, with
///   `Δω_nm = ε_n − ε_m − (s_n − s_m)ω_MW` the rotating-frame gap and S^x the sum over the irradiated spins.
///
/// The rate matrix is block-tridiagonal in the sectors; ``PopulationMasterEquation`` solves it block by block.
/// With one spin it reduces to the Bloch equations (T2⁻¹ = (2T1)⁻¹ + (4T(0))⁻¹); without microwaves the
/// bath rates obey detailed balance and the state is e^{−βH_S}/Z.
extension ZenoModel {
  /// - Complexity: O(N · Σ_k d_{k+1}² d_k) for the transition matrix elements (d_k = C(N, k)), then the block
  ///   solve O(Σ_k d_k³).
  public func hilbertSteadyState() throws -> HilbertSteadyState {
    let p = parameters, n = p.electrons
    let basis = eigenbasis
    let sectors = basis.sizes.count
    let beta = p.beta
    // Lab-frame energies: ε_n = ε'_n + ω_MW s_n, kept as (rotating part, sector) to stay exact.
    let rotating = basis.energies
    let z = (0..<n).map { basis.eigenstateExpectations(ofDiagonal: SpinOperator.sz($0, spins: n)) }
    let irradiated = Set(p.irradiated ?? Array(0..<n))
    let spinBasis = SpinBasis(spins: n)
    // Bath rates, first without the decoherence-dependent microwave part.
    var equation = PopulationMasterEquation(blockSizes: basis.sizes)
    var outflow = [Double](repeating: 0, count: basis.dimension)
    // Inside each sector: |⟨m|S^z_i|n⟩|² summed over i, T = T*.
    for k in 0..<sectors {
      let d = basis.sizes[k], o = basis.offsets[k], v = basis.blocks[k]
      guard d > 1 else { continue }
      var s2 = RealMatrix(rows: d, columns: d)
      for i in 0..<n {
        let scaled = RealMatrix(rows: d, columns: d) { r, c in SpinBasis.sz(spinBasis.sectors[k][r], i) * v[r, c] }
        let zi = try RealMatrix.multiply(v, .transpose, scaled, .none)
        for c in 0..<d { for r in 0..<d where r != c { s2[r, c] += zi[r, c] * zi[r, c] } }
      }
      var w = RealMatrix(rows: d, columns: d)  // [m, n]: n → m
      for from in 0..<d {
        for to in 0..<d where to != from {
          let rate = Thermal.h(beta: beta, rotating[o + from] - rotating[o + to]) / p.tStar * s2[to, from]
          w[to, from] = rate
          outflow[o + from] += rate
        }
      }
      equation.addRates(from: k, to: k, w)
    }
    // Between sectors k and k + 1: ⟨n|S^+_i|m⟩ = (V_{k+1}ᵀ S^+_i V_k)[n, m].
    var driveElements = [RealMatrix]()  // ⟨n|S^x|m⟩ for the irradiated spins, n in k + 1, m in k
    let raising = try raisingElements()
    for k in 0..<(sectors - 1) {
      let lower = basis.sizes[k], upper = basis.sizes[k + 1]
      var flips = RealMatrix(rows: upper, columns: lower)  // ½ Σ_i |⟨n|S^+_i|m⟩|²
      var drive = RealMatrix(rows: upper, columns: lower)
      for (i, element) in raising[k].enumerated() {
        for idx in 0..<element.elements.count {
          flips.elements[idx] += 0.5 * element.elements[idx] * element.elements[idx]
          if irradiated.contains(i) { drive.elements[idx] += 0.5 * element.elements[idx] }
        }
      }
      let oLow = basis.offsets[k], oUp = basis.offsets[k + 1]
      var up = RealMatrix(rows: upper, columns: lower), down = RealMatrix(rows: lower, columns: upper)
      for m in 0..<lower {
        for nn in 0..<upper {
          // ω for m → n: ε_m − ε_n = (ε'_m − ε'_n) − ω_MW (one more spin up in n).
          let gap = rotating[oLow + m] - rotating[oUp + nn] - p.microwaveFrequency
          let rateUp = Thermal.h(beta: beta, gap) / (p.t1 / 2) * flips[nn, m]
          let rateDown = Thermal.h(beta: beta, -gap) / (p.t1 / 2) * flips[nn, m]
          up[nn, m] = rateUp
          down[m, nn] = rateDown
          outflow[oLow + m] += rateUp
          outflow[oUp + nn] += rateDown
        }
      }
      equation.addRates(from: k, to: k + 1, up)
      equation.addRates(from: k + 1, to: k, down)
      driveElements.append(drive)
    }
    // Microwave rates with the decoherence times of eq. S19.
    if p.microwaveAmplitude != 0 {
      for k in 0..<(sectors - 1) {
        let lower = basis.sizes[k], upper = basis.sizes[k + 1]
        let oLow = basis.offsets[k], oUp = basis.offsets[k + 1]
        var w = RealMatrix(rows: upper, columns: lower)
        for m in 0..<lower {
          for nn in 0..<upper {
            let x = driveElements[k][nn, m]
            guard x != 0 else { continue }
            var dephasing = 0.0
            for i in 0..<n { let d = z[i][oUp + nn] - z[i][oLow + m]; dephasing += d * d }
            let inverseT = 0.5 * (outflow[oUp + nn] + outflow[oLow + m]) + dephasing / (4 * p.tZero)
            let t = 1 / inverseT
            let detuning = rotating[oUp + nn] - rotating[oLow + m]
            w[nn, m] = 2 * p.microwaveAmplitude * p.microwaveAmplitude * t / (1 + t * t * detuning * detuning) * x * x
          }
        }
        equation.addRates(from: k, to: k + 1, w)
        equation.addRates(from: k + 1, to: k, w.transposed)
      }
    }
    let blocks = try equation.stationaryState()
    let populations = blocks.flatMap { $0 }
    let polarizations = (0..<n).map { i in 2 * zip(populations, z[i]).reduce(0) { $0 + $1.0 * $1.1 } }
    return HilbertSteadyState(populations: populations, polarizations: polarizations)
  }
}
