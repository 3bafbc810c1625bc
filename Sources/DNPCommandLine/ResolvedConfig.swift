import Foundation

/// A validated configuration: every key of the schema with its value or default, read through typed accessors.
public struct ResolvedConfig: Sendable {
  public let schema: ConfigSchema
  public var values: [String: ResolvedValue]

  public func has(_ key: String) -> Bool { values[key] != nil }

  /// A quantity or number in internal units (rad/s, s, K, mM).
  public func number(_ key: String) -> Double {
    guard let x = values[key]?.number else { preconditionFailure("config key '\(key)' has no numeric value") }
    return x
  }

  public func integer(_ key: String) -> Int { Int(number(key)) }

  public func text(_ key: String) -> String {
    guard let t = values[key]?.text else { preconditionFailure("config key '\(key)' is not set") }
    return t
  }

  public func optionalText(_ key: String) -> String? { values[key]?.text }

  public func bool(_ key: String) -> Bool { number(key) != 0 }

  /// The same configuration with one key replaced (sweeps use this); the value is checked like any other.
  public func setting(_ key: String, to value: ConfigValue) throws -> ResolvedConfig {
    guard let k = schema.key(key) else { throw ConfigError("unknown key '\(key)'") }
    var copy = self
    copy.values[key] = try schema.check(value, key: k, base: FileManager.default.currentDirectoryPath)
    return copy
  }

  /// Each key with its value as the user wrote it (or the default): a valid config file again.
  public var asWritten: [String: ConfigValue] { values.mapValues(\.raw) }

  /// A canonical text of the configuration, equal for equal configurations (checkpoints compare it).
  public var fingerprint: String {
    values.keys.sorted().map { "\($0)=\(values[$0]!.raw.description)" }.joined(separator: "\n")
  }
}
