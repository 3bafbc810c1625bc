import CLAPACK
import ComplexModule
import RealModule

/// Eigenvalues (ascending) and orthonormal eigenvectors (the columns of `vectors`) of a real symmetric or
/// complex Hermitian matrix: `A = V diag(values) Vᴴ`.
public struct EigenDecomposition<Scalar: MatrixScalar>: Sendable {
  public var values: [Double]
  public var vectors: Matrix<Scalar>
}

extension Matrix where Scalar == Double {
  /// Eigenvalues and eigenvectors of this symmetric matrix by divide and conquer (LAPACK `dsyevd`).
  /// Only the lower triangle is read.
  /// - Complexity: O(n³) time, O(n²) extra memory; the matrix is consumed as the eigenvector storage.
  public consuming func symmetricEigen() throws -> EigenDecomposition<Double> {
    try symmetricEigenDecomposition(vectors: true)
  }

  /// Eigenvalues only (ascending), `dsyevd` with `jobz = 'N'`.
  /// - Complexity: O(n³) time with a small constant (no back-transformation).
  public func symmetricEigenvalues() throws -> [Double] {
    var copy = self
    return try copy.symmetricEigenDecomposition(vectors: false).values
  }

  private mutating func symmetricEigenDecomposition(vectors: Bool) throws -> EigenDecomposition<Double> {
    guard isSquare else { throw LAPACKError(routine: "dsyevd", code: .dimensionMismatch) }
    let n = rows
    var w = [Double](repeating: 0, count: n)
    if n > 0 {
      let info = elements.withUnsafeMutableBufferPointer { a in
        w.withUnsafeMutableBufferPointer { w in
          LAPACKE_dsyevd(
            LAPACK_COL_MAJOR, vectors ? CChar(UInt8(ascii: "V")) : CChar(UInt8(ascii: "N")),
            CChar(UInt8(ascii: "L")), lapack_int(n), a.baseAddress, lapack_int(n), w.baseAddress)
        }
      }
      try LAPACKError.check(info, "dsyevd", positive: LAPACKError.Code.noConvergence)
    }
    return EigenDecomposition(values: w, vectors: vectors ? self : Matrix(rows: 0, columns: 0))
  }
}

extension Matrix where Scalar == Complex<Double> {
  /// Eigenvalues and eigenvectors of this Hermitian matrix (LAPACK `zheevd`). Only the lower triangle is read.
  /// - Complexity: O(n³) time, O(n²) extra memory.
  public consuming func hermitianEigen() throws -> EigenDecomposition<Complex<Double>> {
    try hermitianEigenDecomposition(vectors: true)
  }

  /// Eigenvalues only (ascending), `zheevd` with `jobz = 'N'`.
  public func hermitianEigenvalues() throws -> [Double] {
    var copy = self
    return try copy.hermitianEigenDecomposition(vectors: false).values
  }

  private mutating func hermitianEigenDecomposition(vectors: Bool) throws
    -> EigenDecomposition<Complex<Double>>
  {
    guard isSquare else { throw LAPACKError(routine: "zheevd", code: .dimensionMismatch) }
    let n = rows
    var w = [Double](repeating: 0, count: n)
    if n > 0 {
      let info = elements.withUnsafeMutableBytes { raw in
        w.withUnsafeMutableBufferPointer { w in
          LAPACKE_zheevd(
            LAPACK_COL_MAJOR, vectors ? CChar(UInt8(ascii: "V")) : CChar(UInt8(ascii: "N")),
            CChar(UInt8(ascii: "L")), lapack_int(n),
            raw.baseAddress?.assumingMemoryBound(to: dnp_complex_double.self), lapack_int(n), w.baseAddress)
        }
      }
      try LAPACKError.check(info, "zheevd", positive: LAPACKError.Code.noConvergence)
    }
    return EigenDecomposition(values: w, vectors: vectors ? self : Matrix(rows: 0, columns: 0))
  }
}
