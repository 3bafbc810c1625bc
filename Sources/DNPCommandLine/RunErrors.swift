import Foundation

// The three kinds of failure a run can end with, each with its own message and the cause kept:
// - ``ConfigError``: a user mistake (a key, a value, a file name); fix the input and rerun.
// - ``IOFailure``: the file system refused (permissions, a full disk); nothing is wrong with the input.
// - ``NumericalFailure``: a solver failed on one item (a LAPACK error, an unconverged iteration).

/// Reading or writing a file failed. `cause` is the underlying error (e.g. from Foundation or errno).
public struct IOFailure: Error, CustomStringConvertible, @unchecked Sendable {
  /// What was being done, e.g. "cannot write".
  public let action: String
  public let path: String
  public let cause: any Error

  public init(_ action: String, path: String, cause: any Error) {
    self.action = action
    self.path = path
    self.cause = cause
  }

  public var description: String {
    "I/O failure: \(action) '\(path)': \((cause as? CustomStringConvertible)?.description ?? cause.localizedDescription)"
  }
}

/// The text of the current `errno`, as an error.
struct POSIXFailure: Error, CustomStringConvertible, Sendable {
  let code: Int32
  init(_ code: Int32 = errno) { self.code = code }
  var description: String { String(cString: strerror(code)) }
}

/// A numerical method failed while computing one item of a run. `cause` is the solver's typed error
/// (e.g. `LAPACKError`, `IterativeSolverError`); the checkpoints of the items already finished are kept.
public struct NumericalFailure: Error, CustomStringConvertible, @unchecked Sendable {
  public let phase: String
  public let item: Int
  public let cause: any Error

  public init(phase: String, item: Int, cause: any Error) {
    self.phase = phase
    self.item = item
    self.cause = cause
  }

  public var description: String {
    "numerical failure in item \(item) of '\(phase)': \(cause); the finished items are checkpointed (--resume continues)"
  }
}
