import CLAPACK
import ComplexModule
import RealModule

/// How an operand enters a product.
public enum Transpose: Sendable {
  case none, transpose, adjoint
  var cblas: CBLAS_TRANSPOSE {
    switch self {
    case .none: return CblasNoTrans
    case .transpose: return CblasTrans
    case .adjoint: return CblasConjTrans
    }
  }
}

/// Shape of `op(A)` for a ``Transpose``.
private func shape<S>(_ a: Matrix<S>, _ t: Transpose) -> (Int, Int) {
  t == .none ? (a.rows, a.columns) : (a.columns, a.rows)
}

extension Matrix where Scalar == Double {
  /// `alpha · op(A) · op(B)` (BLAS `dgemm`).
  /// - Complexity: O(m·n·k).
  public static func multiply(
    _ a: Matrix, _ ta: Transpose = .none, _ b: Matrix, _ tb: Transpose = .none, alpha: Double = 1
  ) throws -> Matrix {
    let (m, k) = shape(a, ta)
    let (k2, n) = shape(b, tb)
    guard k == k2 else { throw LAPACKError(routine: "dgemm", code: .dimensionMismatch) }
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 { return c }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), alpha,
            pa.baseAddress, blasint(max(1, a.rows)), pb.baseAddress, blasint(max(1, b.rows)), 0,
            pc.baseAddress, blasint(max(1, m)))
        }
      }
    }
    return c
  }

  /// `A · x` (BLAS `dgemv`).
  public func apply(_ x: [Double], _ t: Transpose = .none) -> [Double] {
    let (m, n) = shape(self, t)
    precondition(x.count == n, "vector length \(x.count) does not match matrix \(m)×\(n)")
    var y = [Double](repeating: 0, count: m)
    if m == 0 || n == 0 { return y }
    elements.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(
            CblasColMajor, t.cblas, blasint(rows), blasint(columns), 1, pa.baseAddress, blasint(max(1, rows)),
            px.baseAddress, 1, 0, py.baseAddress, 1)
        }
      }
    }
    return y
  }

  public static func * (a: Matrix, b: Matrix) -> Matrix {
    do { return try multiply(a, .none, b, .none) } catch { preconditionFailure("\(error)") }
  }
}

extension Matrix where Scalar == Complex<Double> {
  /// `op(A) · op(B)` (BLAS `zgemm`).
  /// - Complexity: O(m·n·k).
  public static func multiply(
    _ a: Matrix, _ ta: Transpose = .none, _ b: Matrix, _ tb: Transpose = .none
  ) throws -> Matrix {
    let (m, k) = shape(a, ta)
    let (k2, n) = shape(b, tb)
    guard k == k2 else { throw LAPACKError(routine: "zgemm", code: .dimensionMismatch) }
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 { return c }
    var one = Complex<Double>(1, 0)
    var zero = Complex<Double>(0, 0)
    a.elements.withUnsafeBytes { pa in
      b.elements.withUnsafeBytes { pb in
        c.elements.withUnsafeMutableBytes { pc in
          cblas_zgemm(
            CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), &one, pa.baseAddress,
            blasint(max(1, a.rows)), pb.baseAddress, blasint(max(1, b.rows)), &zero, pc.baseAddress,
            blasint(max(1, m)))
        }
      }
    }
    return c
  }

  public static func * (a: Matrix, b: Matrix) -> Matrix {
    do { return try multiply(a, .none, b, .none) } catch { preconditionFailure("\(error)") }
  }
}

extension Matrix where Scalar == Double {
  /// The Gram matrix `Aᵀ A` (BLAS `dsyrk`, half the work of a general product), both triangles filled.
  /// - Complexity: O(n²·m) for an m×n matrix A.
  public var gram: Matrix {
    let n = columns, k = rows
    var c = Matrix(rows: n, columns: n)
    if n == 0 || k == 0 { return c }
    elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, CblasLower, CblasTrans, blasint(n), blasint(k), 1, pa.baseAddress, blasint(k), 0,
          pc.baseAddress, blasint(n))
      }
    }
    for j in 0..<n { for i in 0..<j { c.elements[i + j * n] = c.elements[j + i * n] } }
    return c
  }

  /// The rows `indices` of this matrix, in that order, as a new matrix.
  public func gatheringRows(_ indices: [Int]) -> Matrix {
    var g = Matrix(rows: indices.count, columns: columns)
    elements.withUnsafeBufferPointer { src in
      g.elements.withUnsafeMutableBufferPointer { dst in
        for j in 0..<columns {
          let s = j * rows, d = j * indices.count
          for (r, i) in indices.enumerated() { dst[d + r] = src[s + i] }
        }
      }
    }
    return g
  }
}
