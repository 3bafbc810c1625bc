import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// A stationary state seen in the eigenbasis of H_S, block by magnetization sector: what the EPR spectrum and
/// the spin-temperature fit read. Coherences between sectors do not enter them (S57, S62).
public struct EigenbasisState: Sendable {
  /// `V_kᵀ ρ_kk V_k` for each sector k (Hermitian, d_k × d_k).
  public var blocks: [ComplexMatrix]

  public init(blocks: [ComplexMatrix]) { self.blocks = blocks }

  /// The populations ⟨n|ρ|n⟩ in sector order.
  public var populations: [Double] { blocks.flatMap { b in (0..<b.rows).map { b[$0, $0].real } } }
}

extension ZenoModel {
  /// The sector blocks of a density matrix (computational basis) in the eigenbasis of H_S.
  /// - Complexity: O(Σ_k d_k³).
  public func eigenbasisState(of rho: ComplexMatrix) throws -> EigenbasisState {
    let basis = eigenbasis
    var blocks: [ComplexMatrix] = []
    for (k, v) in basis.blocks.enumerated() {
      let d = basis.sizes[k], o = basis.offsets[k]
      let local = ComplexMatrix(rows: d, columns: d) { r, c in rho[Int(basis.order[o + r]), Int(basis.order[o + c])] }
      let vc = ComplexMatrix(rows: d, columns: d) { r, c in Complex(v[r, c], 0) }
      blocks.append(try ComplexMatrix.product(vc, .adjoint, try ComplexMatrix.product(local, .none, vc, .none), .none))
    }
    return EigenbasisState(blocks: blocks)
  }

  /// The diagonal state of the Hilbert dynamics in the same form.
  public func eigenbasisState(of hilbert: HilbertSteadyState) -> EigenbasisState {
    eigenbasisState(populations: hilbert.populations)
  }

  /// The state diagonal in the eigenbasis of H_S with the given populations (sector order), e.g. a
  /// spin-temperature ansatz (eq. S78).
  public func eigenbasisState(populations: [Double]) -> EigenbasisState {
    let basis = eigenbasis
    return EigenbasisState(blocks: basis.sizes.indices.map { k in
      let d = basis.sizes[k], o = basis.offsets[k]
      return ComplexMatrix(rows: d, columns: d) { r, c in r == c ? Complex(populations[o + r], 0) : .zero }
    })
  }

  /// `(V_{k+1}ᵀ S^+_i V_k)` for every spin i and sector k: ⟨n|S^+_i|m⟩ with m in sector k, n in k + 1.
  /// - Complexity: O(N · Σ_k d_{k+1}² d_k).
  func raisingElements() throws -> [[RealMatrix]] {
    let n = parameters.electrons, basis = eigenbasis
    let spinBasis = SpinBasis(spins: n)
    return try (0..<(basis.sizes.count - 1)).map { k in
      try (0..<n).map { i in
        var raised = RealMatrix(rows: basis.sizes[k + 1], columns: basis.sizes[k])
        for (r, state) in spinBasis.sectors[k].enumerated() {
          guard let target = SpinBasis.raise(state, i) else { continue }
          let row = spinBasis.index(of: target)
          for c in 0..<basis.sizes[k] { raised[row, c] += basis.blocks[k][r, c] }
        }
        return try RealMatrix.multiply(basis.blocks[k + 1], .transpose, raised, .none)
      }
    }
  }
}
