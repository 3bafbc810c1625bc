/// A square linear map `y = A x` given only by its action, so matrix-free and stored operators are
/// interchangeable in the iterative solvers (the scipy.sparse.linalg `LinearOperator` pattern), for real and
/// complex scalars alike. The result is written into a caller-owned buffer: applying allocates nothing.
public protocol LinearOperator<Scalar>: Sendable {
  associatedtype Scalar: KrylovScalar = Double
  /// The dimension n of the square operator.
  var dimension: Int { get }
  /// `y = A x`; `x` and `y` have ``dimension`` entries and do not overlap.
  func apply(_ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>)
}

extension LinearOperator {
  /// `A x` as a new array (a convenience for tests and set-up, not for inner loops).
  public func apply(_ x: [Scalar]) -> [Scalar] {
    precondition(
      x.count == dimension, "vector length \(x.count) does not match operator dimension \(dimension)")
    var y = [Scalar](repeating: .zero, count: dimension)
    x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in apply(px, into: py) } }
    return y
  }
}

/// A stored dense matrix seen as a ``LinearOperator`` (BLAS `gemv`).
public struct DenseOperator<Scalar: KrylovScalar>: LinearOperator {
  public let matrix: Matrix<Scalar>
  public init(_ matrix: Matrix<Scalar>) {
    precondition(matrix.isSquare, "a linear operator must be square")
    self.matrix = matrix
  }
  public var dimension: Int { matrix.rows }
  public func apply(_ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>) {
    matrix.multiply(x, into: y)
  }
}

/// An operator given by a closure.
public struct ClosureOperator<Scalar: KrylovScalar>: LinearOperator {
  public let dimension: Int
  private let action: @Sendable (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) -> Void
  public init(
    dimension: Int,
    _ action: @escaping @Sendable (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) -> Void
  ) {
    self.dimension = dimension
    self.action = action
  }
  public func apply(_ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>) {
    action(x, y)
  }
}

/// A Jacobi (diagonal) preconditioner: `M⁻¹ x = x / diag(A)`; a zero diagonal entry leaves its component as is.
public struct JacobiPreconditioner<Scalar: KrylovScalar>: LinearOperator {
  public let inverseDiagonal: [Scalar]
  public init(diagonal: [Scalar]) {
    inverseDiagonal = diagonal.map { $0 == .zero ? .one : .one / $0 }
  }
  public var dimension: Int { inverseDiagonal.count }
  public func apply(_ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>) {
    for i in 0..<inverseDiagonal.count { y[i] = x[i] * inverseDiagonal[i] }
  }
}
