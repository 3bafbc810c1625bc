/// A real linear map `y = A x` given only by its action, so matrix-free and stored operators are
/// interchangeable in the iterative solvers (the scipy.sparse.linalg `LinearOperator` pattern).
public protocol LinearOperator: Sendable {
  /// The dimension n of the square operator.
  var dimension: Int { get }
  /// `y = A x`; `x` and `y` have ``dimension`` entries.
  func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

extension LinearOperator {
  /// `A x` as a new array.
  public func apply(_ x: [Double]) -> [Double] {
    precondition(
      x.count == dimension, "vector length \(x.count) does not match operator dimension \(dimension)")
    var y = [Double](repeating: 0, count: dimension)
    x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in apply(px, into: py) } }
    return y
  }
}

/// A stored dense matrix seen as a ``LinearOperator``.
public struct DenseOperator: LinearOperator {
  public let matrix: RealMatrix
  public init(_ matrix: RealMatrix) {
    precondition(matrix.isSquare, "a linear operator must be square")
    self.matrix = matrix
  }
  public var dimension: Int { matrix.rows }
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    let r = matrix.apply(Array(x))
    for i in 0..<r.count { y[i] = r[i] }
  }
}

/// An operator given by a closure.
public struct ClosureOperator: LinearOperator {
  public let dimension: Int
  private let action: @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
  public init(
    dimension: Int,
    _ action: @escaping @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
  ) {
    self.dimension = dimension
    self.action = action
  }
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    action(x, y)
  }
}

/// A Jacobi (diagonal) preconditioner: `M⁻¹ x = x / diag(A)`.
public struct JacobiPreconditioner: LinearOperator {
  public let inverseDiagonal: [Double]
  public init(diagonal: [Double]) {
    inverseDiagonal = diagonal.map { $0 == 0 ? 1 : 1 / $0 }
  }
  public var dimension: Int { inverseDiagonal.count }
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<inverseDiagonal.count { y[i] = x[i] * inverseDiagonal[i] }
  }
}
