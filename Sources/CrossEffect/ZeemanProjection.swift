import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// The rate classes of the Zeeman-projected Lindbladian (CE paper eq. 4), named by the spins a jump flips.
public enum ZeemanProcessKind: String, Codable, Sendable, CaseIterable {
  /// Electron T1 (Γ_1± of eq. 1): part of eq. 4's Γ^S_j±.
  case electronRelaxation
  /// Microwave saturation ω1 S_jx, first order (Bloch): the rest of Γ^S_j±.
  case microwave
  /// The electron flip-flop −(D/2)(S_1+S_2− + h.c.), first order, off-resonant by Δ̄_1 − Δ̄_2: Γ^SS.
  case electronFlipFlop
  /// Nuclear T1 (r1/2 each way): part of Γ^I_k.
  case nuclearRelaxation
  /// The pseudosecular hyperfine flip (B_jk I_k+/2 + h.c.) S_jz, first order, off-resonant by ≈ ω_I: the rest
  /// of Γ^I_k.
  case hyperfineNuclearFlip
  /// −(d_kk′/2)(I_k+I_k′− + h.c.), first order, detuned by the hyperfine shifts: Γ^II_kk′.
  case nuclearFlipFlop
  /// One electron and one nucleus, second order through ω1 × B (solid effect): Γ^SI_k.
  case solidEffect
  /// Both electrons and one nucleus, second order through D × B (cross effect): Γ^SSI_k.
  case crossEffect
  /// Any other second-order jump that passes the validity test (e.g. two nuclei through B × B).
  case otherSecondOrder
}

/// One jump of the projected rate equation: Zeeman product state `from` → `to` (bit patterns of the register:
/// bits 0, 1 the electrons, bit 2 + k nucleus k; bit set = spin up) at `rate` (s⁻¹).
public struct ZeemanJump: Sendable, Equatable {
  public var from: UInt32
  public var to: UInt32
  public var rate: Double
  public var kind: ZeemanProcessKind
}

/// The Zeeman-projected incoherent rate equation of the CE paper (eq. 4; SPEC §5; derivation with every
/// prefactor in docs/cross-effect-rates.md): a classical master equation on the 2^(2+n) Zeeman product states of
/// the 2 electrons and n nuclei, whose rates come from adiabatic elimination of the coherences between them,
///
///     W_{i→f} = 2 |V^eff_fi|² Γ_fi / (Γ_fi² + δ_fi²)                                    (R1)
///
/// with δ_fi = E_f − E_i from the diagonal (Zeeman-order) Hamiltonian
/// `H_0 = Σ_j Δ_j S_jz + ω_I Σ_k I_kz + 2D S_1zS_2z + Σ_jk A_jk S_jz I_kz + Σ_{k<k′} 2 d_kk′ I_kz I_k′z`,
/// Γ_fi = Σ_{flipped electrons}(R2 + R1/2) + Σ_{flipped nuclei}(r2 + r1/2) the decay of |f⟩⟨i| under eq. 1's
/// dissipator (plus the loss by spectator flips that change δ_fi, see `ZeemanCouplings.coherenceDecay`),
/// and V^eff_fi either the off-diagonal element of
/// `V = ω1 Σ_j S_jx − (D/2)(S_1+S_2− + h.c.) + Σ_jk (B_jk I_k+ + B*_jk I_k−) S_jz / 2 − Σ_{k<k′}(d_kk′/2)(I_k+I_k′− + h.c.)`
/// or, for pairs V does not connect, the second-order element through intermediates q
///
///     V^eff_fi = ½ Σ_q V_fq V_qi [1/(E_i − E_q) + 1/(E_f − E_q)],                         (R2)
///
/// kept only where it is valid: every intermediate off-resonant by at least ``secondOrderMargin`` × max(|δ_fi|,
/// Γ⁰_fi) from both i and f (otherwise the intermediate is a real state, reached by first-order jumps, and
/// the sequential process is already in the rate equation). Spin T1 adds the Boltzmann-weighted single-spin
/// rates of eq. 1. Every jump changes the total magnetization by 0 or ±1, so the generator is a
/// ``PopulationMasterEquation`` blocked by the number of up spins.
public struct ZeemanProjection: Sendable {
  public let parameters: CrossEffectParameters
  public let spins: CrossEffectSpins
  /// The register of 2 + n spins; block k of ``equation`` is `basis.sectors[k]` (k spins up).
  public let basis: SpinBasis
  /// Every nonzero jump, by source state (several kinds may connect the same pair; their rates add).
  public let jumps: [ZeemanJump]
  public let equation: PopulationMasterEquation
  /// The factor by which a second-order intermediate must be off-resonant (see the type's description).
  public static let secondOrderMargin = 10.0

  /// - Throws: ``CrossEffectError`` for inconsistent couplings, a coherence with neither decay nor detuning
  ///   (Γ = δ = 0, nothing to eliminate), or a valid second-order jump changing the magnetization by 2 (a
  ///   resonant double-quantum process, which the CE matching Δ_1 = Δ_2 − ω_I = 0 does not produce).
  public init(parameters p: CrossEffectParameters, spins: CrossEffectSpins) throws {
    if let problem = spins.inconsistency() { throw CrossEffectError(message: problem) }
    guard p.electronOffsets.count == 2 else {
      throw CrossEffectError(message: "two electron offsets are needed")
    }
    guard spins.nuclei <= 16 else {
      throw CrossEffectError(message: "the exact projection takes at most 16 nuclei")
    }
    parameters = p
    self.spins = spins
    let n = spins.nuclei, total = 2 + n
    basis = SpinBasis(spins: total)
    let model = ZeemanCouplings(parameters: p, spins: spins)

    var jumps: [ZeemanJump] = []
    let up = (1 - p.electronPolarization) * p.electronRelaxation / 2  // Γ_1+
    let down = (1 + p.electronPolarization) * p.electronRelaxation / 2  // Γ_1−
    for s in 0..<UInt32(1 << total) {
      // Single-spin T1 (eq. 1).
      for j in 0..<2 {
        let isUp = (s >> UInt32(j)) & 1 == 1
        jumps.append(
          ZeemanJump(from: s, to: s ^ (1 << UInt32(j)), rate: isUp ? down : up, kind: .electronRelaxation))
      }
      for k in 0..<n {
        jumps.append(
          ZeemanJump(
            from: s, to: s ^ (1 << UInt32(2 + k)), rate: p.nuclearRelaxation / 2, kind: .nuclearRelaxation))
      }
      // First order (R1 with V_fi).
      let direct = model.moves(from: s)
      for move in direct {
        let w = try model.rate(coupling: move.element, from: s, to: move.to)
        jumps.append(ZeemanJump(from: s, to: move.to, rate: w, kind: move.kind))
      }
      // Second order (R1 with R2), for pairs V does not connect directly.
      for (f, v) in model.secondOrder(from: s, excluding: Set(direct.map(\.to))) {
        guard abs((f.nonzeroBitCount) - (s.nonzeroBitCount)) <= 1 else {
          throw CrossEffectError(
            message: "a resonant second-order jump changes the magnetization by 2 "
              + "(\(String(s, radix: 2)) → \(String(f, radix: 2))); the projected rate equation is built for the CE matching"
          )
        }
        let w = try model.rate(coupling: v, from: s, to: f)
        let flipped = s ^ f, electrons = (flipped & 3).nonzeroBitCount,
          nuclei = (flipped >> 2).nonzeroBitCount
        let kind: ZeemanProcessKind =
          nuclei == 1 && electrons == 1
          ? .solidEffect : nuclei == 1 && electrons == 2 ? .crossEffect : .otherSecondOrder
        jumps.append(ZeemanJump(from: s, to: f, rate: w, kind: kind))
      }
    }
    self.jumps = jumps.filter { $0.rate > 0 }

    var blocks: [[Int]: RealMatrix] = [:]
    for jump in self.jumps {
      let k = jump.from.nonzeroBitCount, l = jump.to.nonzeroBitCount
      var m = blocks[[k, l]] ?? RealMatrix(rows: basis.sectors[l].count, columns: basis.sectors[k].count)
      m[basis.index(of: jump.to), basis.index(of: jump.from)] += jump.rate
      blocks[[k, l]] = m
    }
    var equation = PopulationMasterEquation(blockSizes: basis.sectors.map(\.count))
    for (key, m) in blocks.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
      equation.addRates(from: key[0], to: key[1], m)
    }
    self.equation = equation
  }

  /// The total rate of the jump `from → to` (s⁻¹), all kinds together, or of one kind.
  public func rate(from: UInt32, to: UInt32, kind: ZeemanProcessKind? = nil) -> Double {
    jumps.filter { $0.from == from && $0.to == to && (kind == nil || $0.kind == kind) }.map(\.rate).reduce(
      0, +)
  }

  /// The bit pattern of each entry of a flat population vector (blocks in order, each ascending).
  public var states: [UInt32] { basis.sectors.flatMap { $0 } }

  /// The populations of the thermal state ρ_th ∝ Π_j (1 − 2p S_jz) (nuclei unpolarized), flat.
  public func thermalPopulations() -> [Double] {
    let pe = parameters.electronPolarization, scale = 1 / Double(1 << spins.nuclei)
    return states.map { s in
      (0..<2).map { (1 - 2 * pe * SpinBasis.sz(s, $0)) / 2 }.reduce(scale, *)
    }
  }

  /// The stationary populations, flat (block-tridiagonal elimination of ``PopulationMasterEquation``).
  public func stationaryPopulations() throws -> [Double] {
    try equation.stationaryState().flatMap { $0 }
  }

  /// The populations at each time from `initial` (flat; default the thermal state), by the dense matrix
  /// exponential of the generator (small n only).
  public func evolve(from initial: [Double]? = nil, times: [Double]) throws -> [[Double]] {
    try equation.evolve(from: initial ?? thermalPopulations(), times: times)
  }

  /// Relative polarizations as ``CrossEffectModel/relativePolarizations(_:)`` reports them: electrons
  /// −2⟨S_jz⟩/p (thermal reads +1), nuclei −2⟨I_kz⟩/p.
  public func relativePolarizations(_ populations: [Double]) -> (electrons: [Double], nuclei: [Double]) {
    let all = states, pe = parameters.electronPolarization
    let values = (0..<(2 + spins.nuclei)).map { i in
      -2 * zip(all, populations).map { SpinBasis.sz($0, i) * $1 }.reduce(0, +) / pe
    }
    return (Array(values[0..<2]), Array(values[2...]))
  }
}
