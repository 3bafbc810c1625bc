import CLAPACK
import ComplexModule
import RealModule

extension Matrix where Scalar: KrylovScalar {
  /// Solves `A X = B` by LU factorization with partial pivoting (LAPACK `dgesv`/`zgesv`).
  /// - Throws: ``LAPACKError`` with `.singular` when A is exactly singular.
  /// - Complexity: O(n³ + n²·nrhs).
  public func solve(_ b: Matrix) throws -> Matrix {
    let routine = Scalar.self == Double.self ? "dgesv" : "zgesv"
    guard isSquare, b.rows == rows else { throw LAPACKError(routine: routine, code: .dimensionMismatch) }
    let n = rows
    var lu = self
    var x = b
    if n == 0 || b.columns == 0 { return x }
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.elements.withUnsafeMutableBufferPointer { pa in
      x.elements.withUnsafeMutableBufferPointer { pb in
        Scalar.gesv(n, b.columns, pa.baseAddress!, &pivots, pb.baseAddress!)
      }
    }
    try LAPACKError.check(info, routine, positive: LAPACKError.Code.singular)
    return x
  }

  /// Solves `A x = b` for one right-hand side.
  public func solve(_ b: [Scalar]) throws -> [Scalar] {
    try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
  }

  /// `y = A x` into a caller-owned buffer (BLAS `gemv`).
  /// - Complexity: O(rows·columns).
  public func multiply(_ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>) {
    precondition(x.count == columns && y.count == rows, "gemv: vector lengths do not match \(rows)×\(columns)")
    if rows == 0 { return }
    if columns == 0 {
      y.update(repeating: .zero)
      return
    }
    elements.withUnsafeBufferPointer { a in Scalar.gemv(rows, columns, a.baseAddress!, x.baseAddress!, y.baseAddress!) }
  }

  /// `A x` as a new array (BLAS `gemv`).
  public func times(_ x: [Scalar]) -> [Scalar] {
    var y = [Scalar](repeating: .zero, count: rows)
    x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in multiply(px, into: py) } }
    return y
  }

  /// `op(A) · op(B)` for either scalar (BLAS `gemm`).
  /// - Complexity: O(m·n·k).
  public static func product(_ a: Matrix, _ ta: Transpose = .none, _ b: Matrix, _ tb: Transpose = .none) throws
    -> Matrix
  {
    let (m, k) = ta == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (k2, n) = tb == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    guard k == k2 else { throw LAPACKError(routine: "gemm", code: .dimensionMismatch) }
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 { return c }
    if k == 0 { return c }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          Scalar.gemm(
            ta, tb, m, n, k, pa.baseAddress!, max(1, a.rows), pb.baseAddress!, max(1, b.rows), pc.baseAddress!,
            max(1, m))
        }
      }
    }
    return c
  }

  /// The conjugate transpose `Aᴴ`.
  public var adjoint: Matrix { Matrix(rows: columns, columns: rows) { i, j in self[j, i].conjugate } }
}

/// An LU factorization `P A = L U` (LAPACK `getrf`), kept to solve many right-hand sides at O(n²) each.
public struct LUFactorization<Scalar: KrylovScalar>: Sendable {
  public let dimension: Int
  private let lu: [Scalar]
  private let pivots: [Int32]

  /// Factorizes a square matrix.
  /// - Throws: ``LAPACKError`` `.singular` when a pivot is exactly zero.
  /// - Complexity: O(n³) time, one n×n copy.
  public init(_ a: Matrix<Scalar>) throws {
    let routine = Scalar.self == Double.self ? "dgetrf" : "zgetrf"
    guard a.isSquare else { throw LAPACKError(routine: routine, code: .dimensionMismatch) }
    dimension = a.rows
    var lu = a.elements
    var pivots = [Int32](repeating: 0, count: a.rows)
    if a.rows > 0 {
      let n = a.rows
      let info = lu.withUnsafeMutableBufferPointer { Scalar.getrf(n, $0.baseAddress!, &pivots) }
      try LAPACKError.check(info, routine, positive: LAPACKError.Code.singular)
    }
    self.lu = lu
    self.pivots = pivots
  }

  /// Overwrites `b` (n entries) with `A⁻¹ b`.
  /// - Complexity: O(n²).
  public func solve(inPlace b: UnsafeMutableBufferPointer<Scalar>) {
    precondition(b.count == dimension, "LU solve: right-hand side has \(b.count) entries, expected \(dimension)")
    if dimension == 0 { return }
    lu.withUnsafeBufferPointer { lu in
      pivots.withUnsafeBufferPointer { p in
        _ = Scalar.getrs(dimension, 1, lu.baseAddress!, p.baseAddress!, b.baseAddress!)
      }
    }
  }

  /// `A⁻¹ b` as a new array.
  public func solve(_ b: [Scalar]) -> [Scalar] {
    var x = b
    x.withUnsafeMutableBufferPointer { solve(inPlace: $0) }
    return x
  }
}
