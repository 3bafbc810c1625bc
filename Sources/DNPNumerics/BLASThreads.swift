import CLAPACK

/// The one place that sets OpenBLAS's process-global thread count (ARCHITECTURE, numerics rules).
///
/// Parallel work over realizations runs BLAS at one thread per worker; a single large problem gives BLAS
/// every core. Callers record ``current`` in their result metadata.
public enum BLASThreads {
  /// The number of threads OpenBLAS uses now.
  public static var current: Int { Int(openblas_get_num_threads()) }

  /// Sets the OpenBLAS thread count (at least 1).
  public static func set(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
}
