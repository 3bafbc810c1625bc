import CLAPACK

extension Matrix where Scalar == Double {
  /// Solves `A X = B` by LU factorization with partial pivoting (LAPACK `dgesv`).
  /// - Throws: ``LAPACKError`` with `.singular` when A is exactly singular.
  /// - Complexity: O(n³ + n²·nrhs).
  public func solve(_ b: Matrix) throws -> Matrix {
    guard isSquare, b.rows == rows else { throw LAPACKError(routine: "dgesv", code: .dimensionMismatch) }
    let n = rows
    var lu = self
    var x = b
    if n == 0 || b.columns == 0 { return x }
    var pivots = [lapack_int](repeating: 0, count: n)
    let info = lu.elements.withUnsafeMutableBufferPointer { pa in
      x.elements.withUnsafeMutableBufferPointer { pb in
        LAPACKE_dgesv(
          LAPACK_COL_MAJOR, lapack_int(n), lapack_int(b.columns), pa.baseAddress, lapack_int(n), &pivots,
          pb.baseAddress, lapack_int(n))
      }
    }
    try LAPACKError.check(info, "dgesv", positive: LAPACKError.Code.singular)
    return x
  }

  /// Solves `A x = b` for one right-hand side.
  public func solve(_ b: [Double]) throws -> [Double] {
    try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
  }
}
