import DNPNumerics
import MasterEquations
import SpinPhysics

/// Why a ZL problem cannot be set up.
public struct ZenoModelError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}

/// The ZL model for one sample: H_S, its sector eigenbasis, and the nonsecular GKSL generator in the frame
/// rotating at ω_MW.
public struct ZenoModel: Sendable {
  public let parameters: ZenoParameters
  public let sample: ZenoSample
  /// `H_S − ω_MW S^z = Σ (ω_e − ω_MW + Δ_i) S^z_i + Σ_{i<j} U_ij (S^+_i S^-_j + h.c.)`: the rotating-frame
  /// H_S without the drive. It has H_S's eigenvectors; ω_e − ω_MW keeps the numbers at MHz scale.
  public let rotatingHamiltonian: SpinOperator
  /// Eigenbasis of H_S, block by magnetization sector.
  public let eigenbasis: SectorEigenbasis

  /// - Throws: ``ZenoModelError`` for an inconsistent sample, a sample of another size than `electrons`, an
  ///   irradiated index out of range, or non-positive times or temperature.
  /// - Complexity: O(Σ_k C(N, k)³) for the sector eigensolves.
  public init(parameters p: ZenoParameters, sample: ZenoSample) throws {
    if let problem = sample.inconsistency() { throw ZenoModelError(message: "sample: \(problem)") }
    guard sample.electrons == p.electrons else {
      throw ZenoModelError(message: "the sample has \(sample.electrons) spins, the parameters \(p.electrons)")
    }
    guard (1...14).contains(p.electrons) else {
      throw ZenoModelError(message: "electrons must be 1...14 (the density matrix has 4^N entries)")
    }
    for (name, v) in [("T1", p.t1), ("T*", p.tStar), ("T(0)", p.tZero), ("temperature", p.temperature)] {
      guard v > 0, v.isFinite else { throw ZenoModelError(message: "\(name) must be positive and finite") }
    }
    if let irradiated = p.irradiated, !irradiated.allSatisfy({ (0..<p.electrons).contains($0) }) {
      throw ZenoModelError(message: "irradiated spins must be in 0..<\(p.electrons)")
    }
    parameters = p
    self.sample = sample
    let n = p.electrons
    var h = SpinOperator(spins: n)
    for i in 0..<n {
      h = h + (p.electronLarmor - p.microwaveFrequency + sample.offsets[i]) * SpinOperator.sz(i, spins: n)
    }
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) where sample.couplings[i][j] != 0 {
        h = h + sample.couplings[i][j] * (SpinOperator.raising(i, spins: n) * SpinOperator.lowering(j, spins: n)
          + SpinOperator.lowering(i, spins: n) * SpinOperator.raising(j, spins: n))
      }
    }
    rotatingHamiltonian = h
    eigenbasis = try SectorEigenbasis(h)
  }

  /// The drive `ω1 Σ_{i∈irradiated} S^x_i` (eq. S46).
  public var drive: SpinOperator {
    let n = parameters.electrons
    var d = SpinOperator(spins: n)
    for i in parameters.irradiated ?? Array(0..<n) {
      d = d + parameters.microwaveAmplitude * SpinOperator.sx(i, spins: n)
    }
    return d
  }

  /// The nonsecular GKSL generator (eqs. 4, 7, 8, S46) with H = H_S − ω_MW S^z + ω1 Σ S^x_i.
  ///
  /// A^x_i and A^y_i of eq. 7 enter only through `A^x ρ A^x† + A^y ρ A^y†` and `A^x†A^x + A^y†A^y`, in which
  /// their S^−S^− and S^+S^+ cross terms cancel: together they are the two jumps `√(h(ω_e)/T1) S^−_i` and
  /// `√(h(−ω_e)/T1) S^+_i` (h(ω_e)e^{−βω_e} = h(−ω_e)), which is what is built. A^z_i of eq. 8 is a
  /// ``DressedJump``: `S^z_i/√(2T*)` plus `(1/√(2T(0)) − 1/√(2T*))` times the eigenbasis-diagonal
  /// `Σ_n ⟨n|S^z_i|n⟩ |n⟩⟨n|`.
  public func nonsecularLindbladian() throws -> Lindbladian {
    let p = parameters, n = p.electrons
    let down = (Thermal.h(beta: p.beta, p.electronLarmor) / p.t1).squareRoot()
    let up = (Thermal.h(beta: p.beta, -p.electronLarmor) / p.t1).squareRoot()
    var jumps: [SpinOperator] = []
    for i in 0..<n {
      jumps.append(down * SpinOperator.lowering(i, spins: n))
      jumps.append(up * SpinOperator.raising(i, spins: n))
    }
    let a = (1 / (2 * p.tStar)).squareRoot()
    let b = (1 / (2 * p.tZero)).squareRoot() - a
    let dressed = (0..<n).map { i in
      DressedJump(
        local: a * SpinOperator.sz(i, spins: n),
        eigenDiagonal: eigenbasis.eigenstateExpectations(ofDiagonal: SpinOperator.sz(i, spins: n)).map { b * $0 })
    }
    return try Lindbladian(
      hamiltonian: drive, jumps: jumps, eigenbasis: eigenbasis, eigenHamiltonian: eigenbasis.energies,
      dressedJumps: dressed)
  }
}
