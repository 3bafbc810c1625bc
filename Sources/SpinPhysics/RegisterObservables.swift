import ComplexModule
import DNPNumerics
import RealModule

extension SpinOperator {
  /// `Tr(O ρ)` for a density matrix in the computational basis (index = bit pattern).
  /// - Complexity: O(terms · 2^N), no matrix product.
  public func expectation(in rho: ComplexMatrix) -> Complex<Double> {
    let n = 1 << spins
    precondition(rho.rows == n && rho.columns == n, "density matrix must be \(n)×\(n)")
    var s = Complex<Double>.zero
    // Tr(Oρ) = Σ_b Σ_c O[b, c] ρ[c, b]; a product maps c to b with amplitude a.
    for t in terms {
      for c in 0..<n {
        guard let (b, a) = t.product.act(on: UInt32(c)) else { continue }
        s += t.coefficient * Complex(a, 0) * rho[c, Int(b)]
      }
    }
    return s
  }
}

/// Reduced states and entanglement on a spin-1/2 register (bit i of a basis index is spin i).
public enum RegisterEntanglement {
  /// `Tr_B ρ` keeping the spins in `kept` (in increasing order: kept[0] becomes bit 0 of the reduced index).
  /// - Complexity: O(4^N).
  public static func partialTrace(_ rho: ComplexMatrix, spins: Int, keeping kept: [Int]) -> ComplexMatrix {
    precondition(rho.rows == 1 << spins && rho.isSquare, "density matrix must be 2^N × 2^N")
    precondition(kept.allSatisfy { $0 >= 0 && $0 < spins } && Set(kept).count == kept.count, "invalid spin list")
    let traced = (0..<spins).filter { !kept.contains($0) }
    let dk = 1 << kept.count, dt = 1 << traced.count
    func index(_ a: Int, _ b: Int) -> Int {
      var s = 0
      for (k, i) in kept.enumerated() where (a >> k) & 1 == 1 { s |= 1 << i }
      for (k, i) in traced.enumerated() where (b >> k) & 1 == 1 { s |= 1 << i }
      return s
    }
    var out = ComplexMatrix(rows: dk, columns: dk)
    for c in 0..<dk {
      for r in 0..<dk {
        var s = Complex<Double>.zero
        for b in 0..<dt { s += rho[index(r, b), index(c, b)] }
        out[r, c] = s
      }
    }
    return out
  }

  /// The von Neumann entanglement entropy `−Σ s_k² ln s_k²` of a pure state ψ across the cut between the
  /// spins in `subsystem` and the rest, from the singular values s_k of ψ reshaped to a 2^A × 2^B matrix.
  /// - Complexity: one SVD, O(2^N · min(2^A, 2^B)).
  public static func entropy(ofPure psi: [Complex<Double>], spins: Int, subsystem: [Int]) throws -> Double {
    precondition(psi.count == 1 << spins, "state vector must have 2^N entries")
    let rest = (0..<spins).filter { !subsystem.contains($0) }
    let da = 1 << subsystem.count, db = 1 << rest.count
    var m = ComplexMatrix(rows: da, columns: db)
    for b in 0..<psi.count {
      var ia = 0, ib = 0
      for (k, i) in subsystem.enumerated() where (b >> i) & 1 == 1 { ia |= 1 << k }
      for (k, i) in rest.enumerated() where (b >> i) & 1 == 1 { ib |= 1 << k }
      m[ia, ib] = psi[b]
    }
    let norm = psi.reduce(0) { $0 + $1.lengthSquared }
    return try m.singularValues().reduce(0.0) { s, sv in
      let p = sv * sv / norm
      return p > 0 ? s - p * Double.log(p) : s
    }
  }

  /// `−Tr ρ ln ρ` from the eigenvalues of a density matrix (zheevd); eigenvalues ≤ 0 contribute nothing.
  public static func vonNeumannEntropy(_ rho: ComplexMatrix) throws -> Double {
    try rho.hermitianEigenvalues().reduce(0.0) { $1 > 0 ? $0 - $1 * Double.log($1) : $0 }
  }
}
