import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// Why a CE problem cannot be set up.
public struct CrossEffectError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}

/// The full Lindblad master equation of the CE paper (eq. 1, SPEC §5) for 2 electrons (register spins 0, 1) and
/// n nuclei (spins 2, 3, …) in the microwave rotating frame.
public struct CrossEffectModel: Sendable {
  public let parameters: CrossEffectParameters
  public let spins: CrossEffectSpins
  public let lindbladian: Lindbladian

  /// - Throws: ``CrossEffectError`` for inconsistent couplings, p outside (0, 1), negative rates, or more than
  ///   8 nuclei (the full density matrix has 4^(2+n) entries).
  public init(parameters p: CrossEffectParameters, spins: CrossEffectSpins) throws {
    if let problem = spins.inconsistency() { throw CrossEffectError(message: problem) }
    guard spins.nuclei <= 8 else { throw CrossEffectError(message: "the full master equation takes at most 8 nuclei") }
    guard p.electronPolarization > 0, p.electronPolarization < 1 else {
      throw CrossEffectError(message: "the electron polarization p must lie in (0, 1)")
    }
    guard p.electronOffsets.count == 2 else { throw CrossEffectError(message: "two electron offsets are needed") }
    for (name, v) in [("R1", p.electronRelaxation), ("R2", p.electronDecoherence), ("r1", p.nuclearRelaxation),
      ("r2", p.nuclearDecoherence)] where !(v >= 0 && v.isFinite) {
      throw CrossEffectError(message: "\(name) must be a non-negative rate")
    }
    parameters = p
    self.spins = spins
    let total = 2 + spins.nuclei
    func s(_ i: Int) -> (z: SpinOperator, x: SpinOperator, y: SpinOperator, plus: SpinOperator, minus: SpinOperator) {
      (SpinOperator.sz(i, spins: total), SpinOperator.sx(i, spins: total), SpinOperator.sy(i, spins: total),
        SpinOperator.raising(i, spins: total), SpinOperator.lowering(i, spins: total))
    }
    func dipolar(_ a: Int, _ b: Int) -> SpinOperator {  // 3 S_z S_z − S·S = 2 S_z S_z − ½(S+S− + S−S+)
      2.0 * (s(a).z * s(b).z) - 0.5 * (s(a).plus * s(b).minus + s(a).minus * s(b).plus)
    }
    var h = SpinOperator(spins: total)
    for j in 0..<2 {
      h = h + p.electronOffsets[j] * s(j).z + p.microwaveAmplitude * s(j).x
    }
    h = h + p.electronCoupling * dipolar(0, 1)
    for k in 0..<spins.nuclei {
      let nk = 2 + k
      h = h + p.nuclearLarmor * s(nk).z
      for j in 0..<2 {
        let a = spins.secularHyperfine[j][k]
        let b = Complex(spins.pseudosecularHyperfine[j][k][0], spins.pseudosecularHyperfine[j][k][1])
        h = h + a * (s(nk).z * s(j).z)
        h = h + (Complex(0.5, 0) * b) * (s(nk).plus * s(j).z) + (Complex(0.5, 0) * b.conjugate) * (s(nk).minus * s(j).z)
      }
      for l in (k + 1)..<max(k + 1, spins.nuclei) where spins.nuclearCouplings[k][l] != 0 {
        h = h + spins.nuclearCouplings[k][l] * dipolar(nk, 2 + l)
      }
    }
    var jumps: [SpinOperator] = []
    let gammaUp = (1 - p.electronPolarization) * p.electronRelaxation / 2
    let gammaDown = (1 + p.electronPolarization) * p.electronRelaxation / 2
    for j in 0..<2 {
      jumps.append(gammaUp.squareRoot() * s(j).plus)
      jumps.append(gammaDown.squareRoot() * s(j).minus)
      jumps.append((2 * p.electronDecoherence).squareRoot() * s(j).z)
    }
    for k in 0..<spins.nuclei {
      jumps.append((p.nuclearRelaxation / 2).squareRoot() * s(2 + k).plus)
      jumps.append((p.nuclearRelaxation / 2).squareRoot() * s(2 + k).minus)
      jumps.append((2 * p.nuclearDecoherence).squareRoot() * s(2 + k).z)
    }
    lindbladian = try Lindbladian(hamiltonian: h, jumps: jumps.filter { !$0.terms.isEmpty })
  }

  /// The thermal state ρ_th ∝ Π_j (1 − 2p S_jz) (electrons at thermal polarization, nuclei unpolarized).
  public func thermalState() -> ComplexMatrix {
    let total = 2 + spins.nuclei, d = 1 << total, p = parameters.electronPolarization
    var rho = ComplexMatrix(rows: d, columns: d)
    for b in 0..<d {
      var w = 1.0
      for j in 0..<2 { w *= (1 - 2 * p * SpinBasis.sz(UInt32(b), j)) / 2 }
      rho[b, b] = Complex(w / Double(1 << spins.nuclei), 0)
    }
    return rho
  }

  /// Polarizations relative to the electrons' thermal value, as the paper reports them (SPEC §1): electrons
  /// −2⟨S_jz⟩/p (thermal reads +1), nuclei −2⟨I_kz⟩/p.
  public func relativePolarizations(_ rho: ComplexMatrix) -> (electrons: [Double], nuclei: [Double]) {
    let total = 2 + spins.nuclei, p = parameters.electronPolarization
    let values = (0..<total).map { -2 * SpinOperator.sz($0, spins: total).expectation(in: rho).real / p }
    return (Array(values[0..<2]), Array(values[2...]))
  }
}
