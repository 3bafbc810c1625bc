import CLAPACK
import ComplexModule
import RealModule

/// Eigenvalues and right eigenvectors of a general (non-Hermitian) matrix: `A V = V diag(values)`.
/// The columns of `vectors` have unit 2-norm; they need not be orthogonal.
public struct GeneralEigenDecomposition: Sendable {
  public var values: [Complex<Double>]
  public var vectors: ComplexMatrix
}

extension Matrix where Scalar == Complex<Double> {
  /// Eigenvalues and right eigenvectors by the QR algorithm (LAPACK `zgeev`).
  /// - Throws: ``LAPACKError`` `.noConvergence` when the QR iteration fails.
  /// - Complexity: O(n³) time (about 10× a Hermitian eigensolve), O(n²) extra memory.
  public func generalEigen() throws -> GeneralEigenDecomposition {
    guard isSquare else { throw LAPACKError(routine: "zgeev", code: .dimensionMismatch) }
    let n = rows
    var a = elements
    var w = [Complex<Double>](repeating: .zero, count: n)
    var vr = [Complex<Double>](repeating: .zero, count: n * n)
    if n > 0 {
      var dummy = Complex<Double>.zero
      let info = a.withUnsafeMutableBufferPointer { pa in
        w.withUnsafeMutableBufferPointer { pw in
          vr.withUnsafeMutableBufferPointer { pv in
            withUnsafeMutablePointer(to: &dummy) { pl in
              LAPACKE_zgeev(
                LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "V")), lapack_int(n),
                UnsafeMutableRawPointer(pa.baseAddress!).assumingMemoryBound(to: dnp_complex_double.self),
                lapack_int(n),
                UnsafeMutableRawPointer(pw.baseAddress!).assumingMemoryBound(to: dnp_complex_double.self),
                UnsafeMutableRawPointer(pl).assumingMemoryBound(to: dnp_complex_double.self), 1,
                UnsafeMutableRawPointer(pv.baseAddress!).assumingMemoryBound(to: dnp_complex_double.self),
                lapack_int(n))
            }
          }
        }
      }
      try LAPACKError.check(info, "zgeev", positive: LAPACKError.Code.noConvergence)
    }
    return GeneralEigenDecomposition(values: w, vectors: Matrix(rows: n, columns: n, elements: vr))
  }

  /// Singular values, descending (LAPACK `zgesvd`, no vectors).
  /// - Complexity: O(m·n·min(m, n)).
  public func singularValues() throws -> [Double] {
    let m = rows, n = columns
    var a = elements
    var s = [Double](repeating: 0, count: min(m, n))
    if m == 0 || n == 0 { return s }
    var superb = [Double](repeating: 0, count: max(1, min(m, n) - 1))
    var dummy = Complex<Double>.zero
    let info = a.withUnsafeMutableBufferPointer { pa in
      withUnsafeMutablePointer(to: &dummy) { pd in
        LAPACKE_zgesvd(
          LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), lapack_int(m), lapack_int(n),
          UnsafeMutableRawPointer(pa.baseAddress!).assumingMemoryBound(to: dnp_complex_double.self), lapack_int(m),
          &s, UnsafeMutableRawPointer(pd).assumingMemoryBound(to: dnp_complex_double.self), 1,
          UnsafeMutableRawPointer(pd).assumingMemoryBound(to: dnp_complex_double.self), 1, &superb)
      }
    }
    try LAPACKError.check(info, "zgesvd", positive: LAPACKError.Code.noConvergence)
    return s
  }
}
