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
  /// - Parameter threads: 2 runs the forward and backward eliminations concurrently (same numbers).
  public func stationaryState(pivotBlock: Int? = nil, threads: Int = 1) throws -> [[Double]] {
    let count = blockSizes.count
    guard count > 0, dimension > 0 else { return [] }
    let pivot = pivotBlock ?? count / 2
    precondition(pivot >= 0 && pivot < count, "pivot block \(pivot) out of range")

    // The two eliminations are independent: run them side by side when threads allow.
    let halves = try parallelMap(2, threads: threads) { side in
      side == 0 ? try eliminate(from: 0, towards: pivot) : try eliminate(from: count - 1, towards: pivot)
    }
    let x = halves[0].multipliers, y = halves[1].multipliers
    var reduced = generatorBlock(row: pivot, column: pivot)
    for carried in [halves[0].carried, halves[1].carried] { if let carried { reduced = reduced + carried } }

    // Pivot block: replace the last equation by Σ p = 1.
    let n = blockSizes[pivot]
    var rhs = [Double](repeating: 0, count: n)
    for j in 0..<n { reduced[n - 1, j] = 1 }
    rhs[n - 1] = 1
    var blocks = [[Double]](repeating: [], count: count)
    blocks[pivot] = try solveBlock(
      reduced, RealMatrix(rows: n, columns: 1, elements: rhs), what: "pivot block"
    )
    .elements
    for k in stride(from: pivot - 1, through: 0, by: -1) { blocks[k] = x[k]!.apply(blocks[k + 1]) }
    for k in (pivot + 1)..<max(pivot + 1, count) { blocks[k] = y[k]!.apply(blocks[k - 1]) }

    // Normalize, clipping negative round-off (populations of an M-matrix solve are ≥ 0 up to rounding).
    var total = 0.0
    for b in blocks { for v in b { total += v } }
    guard total.isFinite, total > 0 else {
      throw MasterEquationError(
        message: "stationary state is not normalizable (sum \(total)); is the chain irreducible?")
    }
    return blocks.map { $0.map { max($0, 0) / total } }
  }

  /// Eliminates blocks `start`, `start ± 1`, … up to (not including) `pivot`: the multipliers
  /// (`X_k` or `Y_k`, stored at their block index) and the Schur term carried into the pivot block.
  private func eliminate(from start: Int, towards pivot: Int) throws -> (
    multipliers: [RealMatrix?], carried: RealMatrix?
  ) {
    var multipliers = [RealMatrix?](repeating: nil, count: blockSizes.count)
    let step = start <= pivot ? 1 : -1
    var carried: RealMatrix? = nil
    var k = start
    while k != pivot {
      var s = generatorBlock(row: k, column: k)
      if let c = carried { s = s + c }
      var m = try solveBlock(s, generatorBlock(row: k, column: k + step), what: "elimination at block \(k)")
      for i in 0..<m.elements.count { m.elements[i] = -m.elements[i] }
      carried = try RealMatrix.multiply(generatorBlock(row: k + step, column: k), .none, m, .none)
      multipliers[k] = m
      k += step
    }
    return (multipliers, carried)
  }

  private func solveBlock(_ a: RealMatrix, _ b: RealMatrix, what: String) throws -> RealMatrix {
    do { return try a.solve(b) } catch {
      throw MasterEquationError(
        message: "singular block in \(what): the rates leave part of the state space unreachable (\(error))")
    }
  }
}
