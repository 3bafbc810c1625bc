import CLAPACK
import ComplexModule
import RealModule

/// A scalar the Krylov solvers and vector kernels work on: `Double` or `Complex<Double>`.
///
/// The vector kernels are BLAS level 1 on caller-owned memory (`daxpy`/`zaxpy`, `ddot`/`zdotc`,
/// `dnrm2`/`dznrm2`, `dscal`/`zdscal`), so the solvers allocate nothing per iteration.
public protocol KrylovScalar: MatrixScalar {
  /// The scalar with real part `x` and no imaginary part.
  init(real x: Double)
  /// The real part.
  var realPart: Double { get }
  /// |x|.
  var magnitude: Double { get }
  static func / (lhs: Self, rhs: Self) -> Self
  static prefix func - (x: Self) -> Self

  /// `y += alpha · x` over `n` entries.
  static func axpy(_ n: Int, _ alpha: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
  /// `Σ conj(x_i) y_i` over `n` entries.
  static func dot(_ n: Int, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) -> Self
  /// `‖x‖₂` over `n` entries, without overflow.
  static func norm(_ n: Int, _ x: UnsafePointer<Self>) -> Double
  /// `x *= alpha` over `n` entries.
  static func scale(_ n: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Self>)
  /// `y = A x` for a column-major `rows × columns` matrix A (BLAS `gemv`).
  static func gemv(
    _ rows: Int, _ columns: Int, _ a: UnsafePointer<Self>, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
  /// `C = op(A) op(B)` (BLAS `gemm`), column-major with the given leading dimensions.
  static func gemm(
    _ ta: Transpose, _ tb: Transpose, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ lda: Int,
    _ b: UnsafePointer<Self>, _ ldb: Int, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
  /// Solves `A X = B` in place by LU with partial pivoting (LAPACK `gesv`); returns LAPACK's `info`.
  static func gesv(
    _ n: Int, _ nrhs: Int, _ a: UnsafeMutablePointer<Self>, _ pivots: UnsafeMutablePointer<Int32>,
    _ b: UnsafeMutablePointer<Self>) -> Int32
  /// LU factorization in place (LAPACK `getrf`); returns `info`.
  static func getrf(_ n: Int, _ a: UnsafeMutablePointer<Self>, _ pivots: UnsafeMutablePointer<Int32>) -> Int32
  /// Solves with a `getrf` factorization (LAPACK `getrs`, no transpose); returns `info`.
  static func getrs(
    _ n: Int, _ nrhs: Int, _ lu: UnsafePointer<Self>, _ pivots: UnsafePointer<Int32>,
    _ b: UnsafeMutablePointer<Self>) -> Int32
}

extension Double: KrylovScalar {
  @inlinable public init(real x: Double) { self = x }
  @inlinable public var realPart: Double { self }
  public static func axpy(_ n: Int, _ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    cblas_daxpy(blasint(n), alpha, x, 1, y, 1)
  }
  public static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
    cblas_ddot(blasint(n), x, 1, y, 1)
  }
  public static func norm(_ n: Int, _ x: UnsafePointer<Double>) -> Double { cblas_dnrm2(blasint(n), x, 1) }
  public static func scale(_ n: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Double>) {
    cblas_dscal(blasint(n), alpha, x, 1)
  }
  public static func gemv(
    _ rows: Int, _ columns: Int, _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
    _ y: UnsafeMutablePointer<Double>
  ) {
    cblas_dgemv(CblasColMajor, CblasNoTrans, blasint(rows), blasint(columns), 1, a, blasint(max(1, rows)), x, 1, 0, y, 1)
  }
  public static func gemm(
    _ ta: Transpose, _ tb: Transpose, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    cblas_dgemm(
      CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), 0,
      c, blasint(ldc))
  }
  public static func gesv(
    _ n: Int, _ nrhs: Int, _ a: UnsafeMutablePointer<Double>, _ pivots: UnsafeMutablePointer<Int32>,
    _ b: UnsafeMutablePointer<Double>
  ) -> Int32 {
    LAPACKE_dgesv(LAPACK_COL_MAJOR, lapack_int(n), lapack_int(nrhs), a, lapack_int(n), pivots, b, lapack_int(n))
  }
  public static func getrf(_ n: Int, _ a: UnsafeMutablePointer<Double>, _ pivots: UnsafeMutablePointer<Int32>)
    -> Int32
  {
    LAPACKE_dgetrf(LAPACK_COL_MAJOR, lapack_int(n), lapack_int(n), a, lapack_int(n), pivots)
  }
  public static func getrs(
    _ n: Int, _ nrhs: Int, _ lu: UnsafePointer<Double>, _ pivots: UnsafePointer<Int32>,
    _ b: UnsafeMutablePointer<Double>
  ) -> Int32 {
    LAPACKE_dgetrs(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), lapack_int(n), lapack_int(nrhs), lu, lapack_int(n), pivots, b,
      lapack_int(n))
  }
}

extension Complex: KrylovScalar where RealType == Double {
  @inlinable public init(real x: Double) { self.init(x, 0) }
  @inlinable public var realPart: Double { real }
  public static func axpy(
    _ n: Int, _ alpha: Complex<Double>, _ x: UnsafePointer<Complex<Double>>,
    _ y: UnsafeMutablePointer<Complex<Double>>
  ) {
    var a = alpha
    cblas_zaxpy(blasint(n), &a, x, 1, y, 1)
  }
  public static func dot(
    _ n: Int, _ x: UnsafePointer<Complex<Double>>, _ y: UnsafePointer<Complex<Double>>
  ) -> Complex<Double> {
    var r = Complex<Double>.zero
    cblas_zdotc_sub(blasint(n), x, 1, y, 1, &r)
    return r
  }
  public static func norm(_ n: Int, _ x: UnsafePointer<Complex<Double>>) -> Double {
    cblas_dznrm2(blasint(n), x, 1)
  }
  public static func scale(_ n: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Complex<Double>>) {
    cblas_zdscal(blasint(n), alpha, x, 1)
  }
  public static func gemv(
    _ rows: Int, _ columns: Int, _ a: UnsafePointer<Complex<Double>>, _ x: UnsafePointer<Complex<Double>>,
    _ y: UnsafeMutablePointer<Complex<Double>>
  ) {
    var one = Complex<Double>.one, zero = Complex<Double>.zero
    cblas_zgemv(
      CblasColMajor, CblasNoTrans, blasint(rows), blasint(columns), &one, a, blasint(max(1, rows)), x, 1, &zero, y, 1)
  }
  public static func gemm(
    _ ta: Transpose, _ tb: Transpose, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Complex<Double>>,
    _ lda: Int, _ b: UnsafePointer<Complex<Double>>, _ ldb: Int, _ c: UnsafeMutablePointer<Complex<Double>>,
    _ ldc: Int
  ) {
    var one = Complex<Double>.one, zero = Complex<Double>.zero
    cblas_zgemm(
      CblasColMajor, ta.cblas, tb.cblas, blasint(m), blasint(n), blasint(k), &one, a, blasint(lda), b,
      blasint(ldb), &zero, c, blasint(ldc))
  }
  public static func gesv(
    _ n: Int, _ nrhs: Int, _ a: UnsafeMutablePointer<Complex<Double>>, _ pivots: UnsafeMutablePointer<Int32>,
    _ b: UnsafeMutablePointer<Complex<Double>>
  ) -> Int32 {
    a.withMemoryRebound(to: dnp_complex_double.self, capacity: n * n) { pa in
      b.withMemoryRebound(to: dnp_complex_double.self, capacity: n * nrhs) { pb in
        LAPACKE_zgesv(LAPACK_COL_MAJOR, lapack_int(n), lapack_int(nrhs), pa, lapack_int(n), pivots, pb, lapack_int(n))
      }
    }
  }
  public static func getrf(
    _ n: Int, _ a: UnsafeMutablePointer<Complex<Double>>, _ pivots: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    a.withMemoryRebound(to: dnp_complex_double.self, capacity: n * n) { pa in
      LAPACKE_zgetrf(LAPACK_COL_MAJOR, lapack_int(n), lapack_int(n), pa, lapack_int(n), pivots)
    }
  }
  public static func getrs(
    _ n: Int, _ nrhs: Int, _ lu: UnsafePointer<Complex<Double>>, _ pivots: UnsafePointer<Int32>,
    _ b: UnsafeMutablePointer<Complex<Double>>
  ) -> Int32 {
    lu.withMemoryRebound(to: dnp_complex_double.self, capacity: n * n) { pa in
      b.withMemoryRebound(to: dnp_complex_double.self, capacity: n * nrhs) { pb in
        LAPACKE_zgetrs(
          LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), lapack_int(n), lapack_int(nrhs), pa, lapack_int(n), pivots, pb,
          lapack_int(n))
      }
    }
  }
}

/// Kernels on whole buffers, for the solvers' readability.
extension UnsafeMutableBufferPointer where Element: KrylovScalar {
  /// `self += alpha · x`.
  @inlinable public func axpy(_ alpha: Element, _ x: UnsafeBufferPointer<Element>) {
    Element.axpy(count, alpha, x.baseAddress!, baseAddress!)
  }
  @inlinable public func copy(from x: UnsafeBufferPointer<Element>) {
    UnsafeMutableRawPointer(baseAddress!).copyMemory(
      from: x.baseAddress!, byteCount: count * MemoryLayout<Element>.stride)
  }
  @inlinable public var immutable: UnsafeBufferPointer<Element> { UnsafeBufferPointer(self) }
  @inlinable public func norm() -> Double { Element.norm(count, baseAddress!) }
  @inlinable public func scale(_ alpha: Double) { Element.scale(count, alpha, baseAddress!) }
  @inlinable public func fill(_ value: Element) { update(repeating: value) }
}

extension UnsafeBufferPointer where Element: KrylovScalar {
  /// `Σ conj(self_i) y_i`.
  @inlinable public func dot(_ y: UnsafeBufferPointer<Element>) -> Element {
    Element.dot(count, baseAddress!, y.baseAddress!)
  }
  @inlinable public func norm() -> Double { Element.norm(count, baseAddress!) }
}
