import DNPNumerics

/// Why a stationary state could not be found.
public struct MasterEquationError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}

extension PopulationMasterEquation {
  /// The stationary distribution `G p = 0`, `Σ p = 1`, by block Gaussian elimination on the
  /// block-tridiagonal generator, twisted so that both ends are eliminated towards `pivotBlock`.
  ///
  /// Eliminating block 0 upward gives `p_k = X_k p_{k+1}`, `X_k = −S_k⁻¹ B_k` with the Schur complements
  /// `S_k = A_k + C_{k−1} X_{k−1}`; the last block downward gives `p_k = Y_k p_{k−1}` likewise. The pivot
  /// block's reduced generator (the generator of the chain censored on that block, columns summing to zero)
  /// is singular; one of its rows is replaced by the normalization `Σ p_P = 1`. The Schur complements of the
  /// negated generator are M-matrices, so the elimination is stable; each block solve is LU with pivoting.
  ///
  /// - Parameter pivotBlock: the block solved last; choose a well-populated one (default: the middle) so that
  ///   no block's population over- or underflows relative to it.
  /// - Returns: the populations per block, summing to 1 overall.
  /// - Complexity: O(Σ_k n_k³) time and O(Σ_k n_k²) memory, against O((Σ n_k)³) for a dense solve.
  public func stationaryState(pivotBlock: Int? = nil) throws -> [[Double]] {
    let count = blockSizes.count
    guard count > 0, dimension > 0 else { return [] }
    let pivot = pivotBlock ?? count / 2
    precondition(pivot >= 0 && pivot < count, "pivot block \(pivot) out of range")

    // Forward: X_k for k < pivot.
    var x = [RealMatrix?](repeating: nil, count: count)
    var schur: RealMatrix? = nil  // C_{k-1} X_{k-1} carried into block k
    for k in 0..<pivot {
      var s = generatorBlock(row: k, column: k)
      if let carried = schur { s = s + carried }
      let b = generatorBlock(row: k, column: k + 1)
      var xk = try solveBlock(s, b, what: "forward elimination at block \(k)")
      for i in 0..<xk.elements.count { xk.elements[i] = -xk.elements[i] }
      x[k] = xk
      schur = try RealMatrix.multiply(generatorBlock(row: k + 1, column: k), .none, xk, .none)
    }
    var reduced = generatorBlock(row: pivot, column: pivot)
    if let carried = schur { reduced = reduced + carried }

    // Backward: Y_k for k > pivot.
    var y = [RealMatrix?](repeating: nil, count: count)
    schur = nil
    for k in stride(from: count - 1, to: pivot, by: -1) {
      var t = generatorBlock(row: k, column: k)
      if let carried = schur { t = t + carried }
      let c = generatorBlock(row: k, column: k - 1)
      var yk = try solveBlock(t, c, what: "backward elimination at block \(k)")
      for i in 0..<yk.elements.count { yk.elements[i] = -yk.elements[i] }
      y[k] = yk
      schur = try RealMatrix.multiply(generatorBlock(row: k - 1, column: k), .none, yk, .none)
    }
    if let carried = schur { reduced = reduced + carried }

    // Pivot block: replace the last equation by Σ p = 1.
    let n = blockSizes[pivot]
    var rhs = [Double](repeating: 0, count: n)
    for j in 0..<n { reduced[n - 1, j] = 1 }
    rhs[n - 1] = 1
    var blocks = [[Double]](repeating: [], count: count)
    blocks[pivot] = try solveBlock(reduced, RealMatrix(rows: n, columns: 1, elements: rhs), what: "pivot block")
      .elements
    for k in stride(from: pivot - 1, through: 0, by: -1) { blocks[k] = x[k]!.apply(blocks[k + 1]) }
    for k in (pivot + 1)..<max(pivot + 1, count) { blocks[k] = y[k]!.apply(blocks[k - 1]) }

    // Normalize, clipping negative round-off (populations of an M-matrix solve are ≥ 0 up to rounding).
    var total = 0.0
    for b in blocks { for v in b { total += v } }
    guard total.isFinite, total > 0 else {
      throw MasterEquationError(message: "stationary state is not normalizable (sum \(total)); is the chain irreducible?")
    }
    return blocks.map { $0.map { max($0, 0) / total } }
  }

  private func solveBlock(_ a: RealMatrix, _ b: RealMatrix, what: String) throws -> RealMatrix {
    do { return try a.solve(b) } catch {
      throw MasterEquationError(message: "singular block in \(what): the rates leave part of the state space unreachable (\(error))")
    }
  }
}
