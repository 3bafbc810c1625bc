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

  public var description: String { "I/O failure: \(action) '\(path)': \(Self.reason(cause))" }

  /// The system's reason in words: for a Foundation file error, the POSIX error under it ("Not a directory")
  /// or its own message ("The file doesn’t exist."), not the NSError dump; any other error as it describes
  /// itself.
  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if ns.domain == NSCocoaErrorDomain {
      if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
        let posix = underlying as NSError
        if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
      }
      return ns.localizedDescription
    }
    return String(describing: error)
  }
}

/// The text of the current `errno`, as an error.
struct POSIXFailure: Error, CustomStringConvertible, Sendable {
  let code: Int32
  init(_ code: Int32 = errno) { self.code = code }
  var description: String { String(cString: strerror(code)) }
}

/// A numerical method failed: on one item of a run (a LAPACK error, an unconverged iteration), or in a
/// computation outside the items (e.g. the perturbative spin-temperature equations). `cause` is the solver's
/// typed error (e.g. `LAPACKError`, `IterativeSolverError`); the checkpoints of finished items are kept.
public struct NumericalFailure: Error, CustomStringConvertible, @unchecked Sendable {
  /// The checkpointed phase and item index, for a failure inside ``RunSession/map(count:phase:label:inner:_:)``.
  public let phase: String?
  public let item: Int?
  /// What was being computed, e.g. "item 3 of 'points'".
  public let computation: String
  public let cause: any Error

  public init(phase: String, item: Int, cause: any Error) {
    self.phase = phase
    self.item = item
    self.computation = "item \(item) of '\(phase)'"
    self.cause = cause
  }

  public init(computing computation: String, cause: any Error) {
    self.phase = nil
    self.item = nil
    self.computation = computation
    self.cause = cause
  }

  public var description: String {
    "numerical failure in \(computation): \(cause)"
      + (item == nil ? "" : "; the finished items are checkpointed (--resume continues)")
  }
}
