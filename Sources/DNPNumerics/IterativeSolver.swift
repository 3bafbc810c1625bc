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
public struct IterativeSolution: Sendable {
  public var x: [Double]
  public var converged: Bool
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
  case breakdown(String)
  public var description: String {
    switch self {
    case .notConverged(let it, let r):
      return "iterative solver did not converge: residual \(r) after \(it) iterations"
    case .breakdown(let what): return "iterative solver broke down: \(what)"
    }
  }
}

// MARK: - Small vector kernels shared by the solvers

@inlinable func dot(_ a: [Double], _ b: [Double]) -> Double {
  var s = 0.0
  for i in 0..<a.count { s += a[i] * b[i] }
  return s
}

@inlinable func norm2(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

/// `b − A x`.
func residual(_ op: some LinearOperator, _ x: [Double], _ b: [Double]) -> [Double] {
  let ax = op.apply(x)
  return (0..<b.count).map { b[$0] - ax[$0] }
}

/// `M⁻¹ v`, or `v` without a preconditioner.
func precondition(_ m: (any LinearOperator)?, _ v: [Double]) -> [Double] {
  guard let m else { return v }
  return m.apply(v)
}
