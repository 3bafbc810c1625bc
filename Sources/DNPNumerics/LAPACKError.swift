/// A failure reported by a LAPACK routine through its `info` value, or a dimension mismatch caught before
/// calling it.
public struct LAPACKError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Code: Equatable, Sendable {
    /// `info < 0`: argument number `-info` had an illegal value (a bug in the wrapper, never user input).
    case illegalArgument(Int)
    /// `info > 0` from an eigensolver: the algorithm failed to converge.
    case noConvergence(Int)
    /// `info > 0` from an LU factorization: `U(info, info)` is exactly zero.
    case singular(Int)
    /// The operands' shapes do not fit.
    case dimensionMismatch
    /// LAPACK could not allocate its workspace.
    case workspaceAllocation
  }
  public let routine: String
  public let code: Code

  public init(routine: String, code: Code) {
    self.routine = routine
    self.code = code
  }

  public var description: String {
    switch code {
    case .illegalArgument(let k): return "\(routine): argument \(k) had an illegal value"
    case .noConvergence(let k): return "\(routine): the eigensolver failed to converge (info = \(k))"
    case .singular(let k): return "\(routine): the matrix is singular (zero pivot at \(k))"
    case .dimensionMismatch: return "\(routine): operand dimensions do not match"
    case .workspaceAllocation: return "\(routine): workspace allocation failed"
    }
  }

  /// Maps a LAPACKE return value to an error; `positive` says what `info > 0` means for this routine.
  static func check(_ info: Int32, _ routine: String, positive: (Int) -> Code) throws {
    if info == 0 { return }
    if info == -1010 { throw LAPACKError(routine: routine, code: .workspaceAllocation) }
    if info < 0 { throw LAPACKError(routine: routine, code: .illegalArgument(Int(-info))) }
    throw LAPACKError(routine: routine, code: positive(Int(info)))
  }
}

/// LAPACKE's `lapack_int` is a C macro (32-bit in Debian's LP64 OpenBLAS build), which Swift does not import.
typealias lapack_int = Int32
