import Foundation

/// What every result.json records about how it was made.
public struct RunMetadata: Codable, Sendable {
  public static let programVersion = "0.4.0"

  public var program = "dnp"
  public var version = RunMetadata.programVersion
  public var task: String
  /// The configuration as written (defaults filled in): feeding it back as a JSON config reproduces the run.
  public var config: [String: ConfigValueCodable]
  public var seed: UInt64?
  public var workers: Int
  public var innerThreads: Int
  public var blasThreads: Int
  /// Wall time (s); the key is `wall_time_s` (``ReportKey``).
  public var wallTimeS: Double
  public var finished: String
  /// Every warning the run printed (also on stderr).
  public var warnings: [String] = []
  /// Checkpoints that could not be read and were recomputed (absent when none).
  public var recomputedCheckpoints: [String]? = nil

}

/// A ``ConfigValue`` that encodes as plain JSON.
public struct ConfigValueCodable: Codable, Sendable, Equatable {
  public var value: ConfigValue
  public init(_ value: ConfigValue) { self.value = value }
  public init(from decoder: Decoder) throws { value = try ConfigValue(from: decoder) }
  public func encode(to encoder: Encoder) throws {
    switch value {
    case .string(let s):
      var c = encoder.singleValueContainer()
      try c.encode(s)
    case .number(let x):
      var c = encoder.singleValueContainer()
      try c.encode(x)
    case .bool(let b):
      var c = encoder.singleValueContainer()
      try c.encode(b)
    case .array(let a):
      var c = encoder.unkeyedContainer()
      for v in a { try c.encode(ConfigValueCodable(v)) }
    }
  }
}

/// result.json: the task's own results at the top level, plus `"metadata"`.
public struct ResultFile<Results: Encodable>: Encodable {
  public var results: Results
  public var metadata: RunMetadata

  enum Key: String, CodingKey { case metadata }

  public func encode(to encoder: Encoder) throws {
    try results.encode(to: encoder)
    var c = encoder.container(keyedBy: Key.self)
    try c.encode(metadata, forKey: .metadata)
  }
}
