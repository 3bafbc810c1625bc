/// Stopping rule shared by every Krylov solver: stop when `‖b − A x‖ ≤ max(rtol·‖b‖, atol)`.
public struct IterativeSolverOptions: Sendable {
  public var relativeTolerance: Double
  public var absoluteTolerance: Double
  public var maxIterations: Int
  public init(relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 0, maxIterations: Int = 1000) {
    self.relativeTolerance = relativeTolerance
    self.absoluteTolerance = absoluteTolerance
    self.maxIterations = maxIterations
  }
  func threshold(bNorm: Double) -> Double { max(relativeTolerance * bNorm, absoluteTolerance) }
}

/// What every Krylov solve returns. `converged == false` is never hidden: ``IterativeSolution/checked()``
/// turns it into an error for callers that need a converged answer.
public struct IterativeSolution<Scalar: KrylovScalar>: Sendable {
  public var x: [Scalar]
  public var converged: Bool
  /// Operator applications spent (GMRES: inner iterations over all cycles; BiCGSTAB: two per iteration).
  public var iterations: Int
  /// The true residual `‖b − A x‖₂` of the returned `x`.
  public var residualNorm: Double

  /// `self` when converged, otherwise throws ``IterativeSolverError/notConverged(iterations:residualNorm:)``.
  public func checked() throws -> IterativeSolution {
    guard converged else {
      throw IterativeSolverError.notConverged(iterations: iterations, residualNorm: residualNorm)
    }
    return self
  }
}

public enum IterativeSolverError: Error, Equatable, CustomStringConvertible {
  case notConverged(iterations: Int, residualNorm: Double)
  /// A division by zero in the recurrence (BiCGSTAB's ρ or ⟨r̂, v⟩ vanished) before convergence.
  case breakdown(String, iterations: Int, residualNorm: Double)
  case dimensionMismatch(expected: Int, got: Int)
  public var description: String {
    switch self {
    case .notConverged(let it, let r):
      return "iterative solver did not converge: residual \(r) after \(it) iterations"
    case .breakdown(let what, let it, let r):
      return "iterative solver broke down after \(it) iterations (residual \(r)): \(what)"
    case .dimensionMismatch(let e, let g):
      return "iterative solver: vector length \(g) does not match operator dimension \(e)"
    }
  }
}

/// `r = b − A x` into caller-owned `r`.
func residual<Op: LinearOperator>(
  _ op: Op, _ x: UnsafeBufferPointer<Op.Scalar>, _ b: UnsafeBufferPointer<Op.Scalar>,
  into r: UnsafeMutableBufferPointer<Op.Scalar>
) {
  op.apply(x, into: r)
  for i in 0..<r.count { r[i] = b[i] - r[i] }
}

/// `y = M⁻¹ v`, or a copy of `v` without a preconditioner.
func applyPreconditioner<S: KrylovScalar>(
  _ m: (any LinearOperator<S>)?, _ v: UnsafeBufferPointer<S>, into y: UnsafeMutableBufferPointer<S>
) {
  if let m { m.apply(v, into: y) } else { y.copy(from: v) }
}
