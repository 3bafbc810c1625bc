import Foundation

/// A validated configuration: every key of the schema with its value or default, read through typed accessors.
public struct ResolvedConfig: Sendable {
  public let schema: ConfigSchema
  public var values: [String: ResolvedValue]
  /// The keys the user gave in the config file or with `--set` (not defaults, not a figure's scale presets).
  public var explicitKeys: Set<String> = []
  /// Keys left out of the recorded configuration (metadata) because the task sets them itself, e.g. the
  /// dipolar strength a figure sweeps.
  public var unrecorded: Set<String> = []

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
  public var asWritten: [String: ConfigValue] {
    values.filter { !unrecorded.contains($0.key) }.mapValues(\.raw)
  }

  /// ``asWritten`` as a config file: the user's keys as settings, the defaults and presets as comments
  /// (``ConfigFile/toml(_:comment:implicit:)``), so that rereading it gives this configuration with the same
  /// keys explicit.
  public func configFile(comment: [String]) -> String {
    ConfigFile.toml(asWritten, comment: comment, implicit: Set(values.keys).subtracting(explicitKeys))
  }

  // MARK: - Comparing configurations

  /// The value of `key` as the program reads it, as text: quantities and numbers in internal units at full
  /// precision (so "1200 mK" and "1.2 K" agree), a sample file by its content (so an edited file differs),
  /// sweep values by the swept key's kind. Equal for equal configurations.
  public func canonical(_ key: String) -> String {
    guard let v = values[key] else { return "-" }
    guard let k = schema.key(key) else { return v.raw.description }
    switch k.kind {
    case .quantity, .integer, .real, .boolean:
      return v.number.map { String($0) } ?? v.raw.description
    case .path:
      return "\(v.text) (content \(FileFingerprint.of(path: v.text)))"
    case .list:
      guard let swept = optionalText("sweep_parameter"), let sweptKey = schema.key(swept) else {
        return v.raw.description
      }
      let items = v.items.map { item -> String in
        guard let r = try? schema.check(item, key: sweptKey, base: "/") else { return item.description }
        return r.number.map { String($0) } ?? r.text
      }
      return "[" + items.joined(separator: ", ") + "]"
    case .choice, .keyName:
      return v.text
    }
  }

  /// A canonical text of the configuration, one `key=value` line per key (``canonical(_:)``): equal for
  /// equal configurations; checkpoints compare it.
  public var fingerprint: String {
    values.keys.sorted().map { "\($0)=\(canonical($0))" }.joined(separator: "\n")
  }

  /// Whether `key` holds something other than its default, compared as the program reads it (a key with no
  /// default differs as soon as it is given).
  public func differsFromDefault(_ key: String) -> Bool {
    guard let v = values[key] else { return false }
    guard let k = schema.key(key), let d = k.defaultValue,
      let dv = try? schema.check(d, key: k, base: FileManager.default.currentDirectoryPath)
    else { return true }
    return v.number.map { $0 != dv.number } ?? (v.text != dv.text)
  }

  // MARK: - Every key honoured or refused

  /// Refuses `key` when it is given a value other than its default, because the task would not read it;
  /// `reason` completes "… is not used: <reason>".
  public func refuseIfSet(_ key: String, because reason: String) throws {
    guard differsFromDefault(key) else { return }
    let fix = schema.key(key)?.defaultValue.map { "remove it, or set it to its default (\($0))" } ?? "remove it"
    throw ConfigError("key '\(key)' = \(values[key]!.raw) is not used: \(reason); \(fix)")
  }

  /// Refuses every key outside `read` that holds a value other than its default: `task` would not read it.
  public func refuseUnread(except read: Set<String>, task: String) throws {
    for key in schema.keys.map(\.name) where !read.contains(key) {
      try refuseIfSet(key, because: "\(task) does not read it")
    }
  }

  /// Sets a key an explicit sample fixes (e.g. `electrons` to the sample's N). A value the user gave that
  /// disagrees is refused, naming the key, its value and what `source` says.
  public mutating func fix(_ key: String, to value: ConfigValue, by source: String) throws {
    let fixed = try setting(key, to: value)
    if explicitKeys.contains(key), canonical(key) != fixed.canonical(key) {
      throw ConfigError(
        "key '\(key)' = \(values[key]!.raw) contradicts \(source), which fixes it to \(value); remove '\(key)'"
      )
    }
    self = fixed
  }
}

/// A short content fingerprint of a file (FNV-1a, 64 bits, and the length): an edited file gets another.
enum FileFingerprint {
  static func of(path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return String(format: "%016llx/%d", hash, data.count)
  }
}
