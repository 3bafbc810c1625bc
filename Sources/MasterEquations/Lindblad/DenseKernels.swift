import CLAPACK
import ComplexModule
import Dispatch
import DNPNumerics

/// Kernels on complex D×D matrices stored column-major as interleaved (re, im) doubles, the layout of
/// `Complex<Double>` arrays. Seen as a real (2D)×D matrix, a product with a *real* matrix from the right is
/// one `dgemm`, half the flops of `zgemm` with a real matrix promoted to complex.
enum ComplexPlane {
  /// `body(part, parts)` for part in 0..<parts on `threads` threads (inline for one). Callers split work so that
  /// parts write disjoint entries and each entry is computed by the same arithmetic whatever the split: the
  /// results do not depend on the thread count.
  static func parallel(_ threads: Int, _ body: (_ part: Int, _ parts: Int) -> Void) {
    let parts = max(1, threads)
    if parts == 1 {
      body(0, 1)
      return
    }
    withoutActuallyEscaping(body) { body in
      let box = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: parts) { box.value($0, parts) }
    }
  }

  /// The `part`-th of `parts` contiguous pieces of 0..<count.
  static func chunk(_ count: Int, _ part: Int, _ parts: Int) -> Range<Int> {
    (count * part / parts)..<(count * (part + 1) / parts)
  }

  /// `dst = src · B` (or `src · Bᵀ`) for a real block-diagonal B given by its blocks at `offsets`, `sizes`.
  /// - Complexity: 4·D·Σ_k d_k² flops.
  static func rightMultiply(
    _ src: UnsafePointer<Double>, blocks: [UnsafePointer<Double>], offsets: [Int], sizes: [Int],
    transpose: Bool, into dst: UnsafeMutablePointer<Double>, dimension d: Int
  ) {
    for k in 0..<blocks.count where sizes[k] > 0 {
      let o = 2 * d * offsets[k]
      cblas_dgemm(
        CblasColMajor, CblasNoTrans, transpose ? CblasTrans : CblasNoTrans, blasint(2 * d), blasint(sizes[k]),
        blasint(sizes[k]), 1, src + o, blasint(2 * d), blocks[k], blasint(sizes[k]), 0, dst + o, blasint(2 * d))
    }
  }

  /// `dst = srcᴴ` (conjugate transpose), tiled for the cache.
  /// - Complexity: O(D²) memory traffic.
  static func adjoint(
    _ src: UnsafePointer<Double>, into dst: UnsafeMutablePointer<Double>, dimension d: Int, threads: Int = 1
  ) {
    transposeTiled(src, into: dst, dimension: d, conjugate: true, threads: threads)
  }

  /// `dst = srcᵀ` or `srcᴴ`, in 32 × 32 tiles.
  private static func transposeTiled(
    _ src: UnsafePointer<Double>, into dst: UnsafeMutablePointer<Double>, dimension d: Int, conjugate: Bool,
    threads: Int = 1
  ) {
    let tile = 32
    let sign = conjugate ? -1.0 : 1.0
    let tiles = (d + tile - 1) / tile
    let source = UncheckedSendable(src), target = UncheckedSendable(dst)
    parallel(threads) { part, parts in
      let src = source.value, dst = target.value
      for ct in chunk(tiles, part, parts) {
        let c0 = ct * tile, c1 = min(d, c0 + tile)
        var r0 = 0
        while r0 < d {
          let r1 = min(d, r0 + tile)
          for c in c0..<c1 {
            for r in r0..<r1 {
              let s = 2 * (r + c * d), t = 2 * (c + r * d)
              dst[t] = src[s]
              dst[t + 1] = sign * src[s + 1]
            }
          }
          r0 = r1
        }
      }
    }
  }

  /// `x ← x ∘ f` elementwise for D² complex entries.
  static func hadamardMultiply(_ x: UnsafeMutablePointer<Double>, by f: [Complex<Double>], threads: Int = 1) {
    f.withUnsafeBufferPointer { fb in
      let fr = UncheckedSendable(UnsafeRawPointer(fb.baseAddress!).assumingMemoryBound(to: Double.self))
      let xs = UncheckedSendable(x)
      parallel(threads) { part, parts in
        let x = xs.value, fr = fr.value
        for i in chunk(fb.count, part, parts) {
          let a = x[2 * i], b = x[2 * i + 1], c = fr[2 * i], e = fr[2 * i + 1]
          x[2 * i] = a * c - b * e
          x[2 * i + 1] = a * e + b * c
        }
      }
    }
  }

  /// `y ← (y + yᴴ)/2` in place: the Hermitian part, removing the anti-Hermitian rounding that the operators on
  /// Hermitian matrices do not see (and that repeated normalizations would otherwise amplify).
  static func hermitianPartInPlace(_ y: UnsafeMutablePointer<Double>, dimension d: Int) {
    addAdjointInPlace(y, dimension: d, threads: 1)
    cblas_dscal(blasint(2 * d * d), 0.5, y, 1)
  }

  /// `y ← y + yᴴ` in place: the Hermitian part doubled. Column c handles the pairs (r > c, c); threads take
  /// interleaved columns, so every pair is touched by one thread.
  static func addAdjointInPlace(_ y: UnsafeMutablePointer<Double>, dimension d: Int, threads: Int = 1) {
    let ys = UncheckedSendable(y)
    parallel(threads) { part, parts in
      let y = ys.value
      for c in stride(from: part, to: d, by: parts) {
      let diag = 2 * (c + c * d)
      y[diag] *= 2
      y[diag + 1] = 0
      for r in (c + 1)..<max(c + 1, d) {
        let a = 2 * (r + c * d), b = 2 * (c + r * d)
        let re = y[a] + y[b], im = y[a + 1] - y[b + 1]
        y[a] = re
        y[a + 1] = im
        y[b] = re
        y[b + 1] = -im
      }
    }
    }
  }
}

extension ComplexPlane {
  /// `dst = srcᵀ` (plain transpose, no conjugation).
  static func transpose(_ src: UnsafePointer<Double>, into dst: UnsafeMutablePointer<Double>, dimension d: Int) {
    transposeTiled(src, into: dst, dimension: d, conjugate: false)
  }

  /// `Uᵀ A U` for a complex D×D matrix A and a real orthogonal D×D matrix U (two dgemm on the real view,
  /// one transpose in between): `(AU)ᵀU = Uᵀ Aᵀ U`, transposed back.
  /// - Complexity: 8·D³ flops.
  static func similarity(
    _ a: UnsafePointer<Double>, _ u: UnsafePointer<Double>, work: UnsafeMutablePointer<Double>,
    into dst: UnsafeMutablePointer<Double>, dimension d: Int
  ) {
    rightMultiply(a, blocks: [u], offsets: [0], sizes: [d], transpose: false, into: dst, dimension: d)
    transpose(dst, into: work, dimension: d)  // (AU)ᵀ = Uᵀ Aᵀ
    rightMultiply(work, blocks: [u], offsets: [0], sizes: [d], transpose: false, into: dst, dimension: d)
    transpose(dst, into: work, dimension: d)  // (UᵀAᵀU)ᵀ = Uᵀ A U
    dst.update(from: work, count: 2 * d * d)
  }
}

/// Carries a value into `concurrentPerform`; the callers guarantee that the parts touch disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
