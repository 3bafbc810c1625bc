import DNPNumerics

extension PopulationMasterEquation {
  /// Populations `p(t) = exp(G t) p(0)` at each requested time (flat state vectors).
  ///
  /// Uses the dense matrix exponential of the whole generator: exact to rounding, positivity-preserving up
  /// to rounding, and meant for systems of up to a few thousand states.
  /// - Complexity: O(n³) per distinct time.
  public func evolve(from initial: [Double], times: [Double]) throws -> [[Double]] {
    precondition(
      initial.count == dimension, "initial state has \(initial.count) entries, expected \(dimension)")
    let g = denseGenerator()
    return try times.map { t in
      let scaled = RealMatrix(rows: g.rows, columns: g.columns, elements: g.elements.map { $0 * t })
      return try scaled.exponential().apply(initial)
    }
  }
}

/// The generator of a ``PopulationMasterEquation`` applied matrix-free, block by block, so iterative solvers
/// can be used as a second path to the direct block solve.
public struct MasterEquationOperator: LinearOperator {
  public let blocks: [[(column: Int, matrix: RealMatrix)]]
  public let offsets: [Int]
  public let sizes: [Int]
  public let dimension: Int

  public init(_ equation: PopulationMasterEquation) {
    let count = equation.blockSizes.count
    offsets = equation.blockOffsets
    sizes = equation.blockSizes
    dimension = equation.dimension
    blocks = (0..<count).map { l in
      (max(0, l - 1)...min(count - 1, l + 1)).map { k in (k, equation.generatorBlock(row: l, column: k)) }
    }
  }

  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    for l in 0..<blocks.count {
      for i in 0..<sizes[l] { y[offsets[l] + i] = 0 }
      for (k, g) in blocks[l] {
        let xk = Array(x[offsets[k]..<(offsets[k] + sizes[k])])
        let part = g.apply(xk)
        for i in 0..<part.count { y[offsets[l] + i] += part[i] }
      }
    }
  }
}
