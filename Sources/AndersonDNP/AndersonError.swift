/// Why an Anderson-model computation was rejected.
public enum AndersonError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A parameter is outside its physical domain; the string names it and the accepted range.
  case invalidParameter(String)
  /// An explicit sample has the wrong number of site offsets (it must have L³).
  case sampleSizeMismatch(expected: Int, got: Int)

  public var description: String {
    switch self {
    case .invalidParameter(let what): return "invalid Anderson-model parameter: \(what)"
    case .sampleSizeMismatch(let expected, let got):
      return "explicit Anderson sample has \(got) site offsets, the lattice has \(expected) sites"
    }
  }
}
