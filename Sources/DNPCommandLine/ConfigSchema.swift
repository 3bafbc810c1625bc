import Foundation
import SpinPhysics

/// One accepted key of a task's configuration: its kind, default and accepted range.
public struct ConfigKey: Sendable {
  public enum Kind: Sendable {
    /// A number with a unit of the given dimension, e.g. "54 MHz"; the range is in internal units.
    case quantity(PhysicalDimension)
    case integer
    case real
    case boolean
    case choice([String])
    /// A file path; relative paths are resolved against the config file's folder.
    case path
    /// A key name of the same schema (e.g. the parameter a sweep varies).
    case keyName
    /// A list of values, each checked against the swept key's kind.
    case list
  }

  public let name: String
  public let kind: Kind
  /// The default as a user would write it (nil: no default, the key is optional and absent).
  public let defaultValue: ConfigValue?
  public let range: ClosedRange<Double>?
  public let help: String

  public init(
    _ name: String, _ kind: Kind, default defaultValue: ConfigValue? = nil, range: ClosedRange<Double>? = nil,
    help: String
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.range = range
    self.help = help
  }

  /// The accepted form, for error messages, e.g. `a number and a unit (K, mK) between 0.001 and 10000 K, e.g. "1.2 K"`.
  public var acceptedForm: String {
    switch kind {
    case .quantity(let d):
      guard let range else { return d.acceptedForm }
      let unit = d.units.first { ["MHz", "K", "s", "mM", "T", "m"].contains($0.symbol) } ?? d.units[0]
      let bounds =
        "between \(format(range.lowerBound / unit.factor)) and \(format(range.upperBound / unit.factor)) \(unit.symbol)"
      return "\(d.unitForm) \(bounds), e.g. \(d.example)"
    case .integer: return "a whole number" + rangeText
    case .real: return "a number" + rangeText
    case .boolean: return "true or false"
    case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
    case .path: return "a file path in quotes"
    case .keyName: return "the name of another key"
    case .list: return "an array of values, e.g. [\"2 MHz\", \"5 MHz\"]"
    }
  }

  private var rangeText: String {
    range.map { " from \(format($0.lowerBound)) to \(format($0.upperBound))" } ?? ""
  }
}

func format(_ x: Double) -> String {
  if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
  return String(format: "%g", x)
}

/// The keys a task accepts. Validation turns raw values into a ``ResolvedConfig`` or a ``ConfigError``
/// naming the key and the accepted form.
public struct ConfigSchema: Sendable {
  public let keys: [ConfigKey]
  public init(_ keys: [ConfigKey]) { self.keys = keys }

  public func key(_ name: String) -> ConfigKey? { keys.first { $0.name == name } }

  /// Validates raw values (from a file, then `--set` overrides) against the schema.
  /// - Parameters:
  ///   - baseDirectory: the folder relative paths in the file are resolved against.
  ///   - presets: `key=value` defaults of a figure's scale, below the file and `--set`; they do not count as
  ///     keys the user set (``ResolvedConfig/explicitKeys``).
  public func resolve(
    file: [String: ConfigValue], overrides: [String], baseDirectory: String, presets: [String] = []
  ) throws -> ResolvedConfig {
    let cwd = FileManager.default.currentDirectoryPath
    var raw = [String: (value: ConfigValue, base: String)]()
    for (name, text) in try assignments(presets) { raw[name] = (text, cwd) }
    for (name, value) in file { raw[name] = (value, baseDirectory) }
    for (name, value) in try assignments(overrides) { raw[name] = (value, cwd) }
    var values = [String: ResolvedValue]()
    for (name, entry) in raw {
      guard let key = key(name) else { throw unknownKey(name, source: "the config file") }
      values[name] = try check(entry.value, key: key, base: entry.base)
    }
    for key in keys where values[key.name] == nil {
      if let d = key.defaultValue { values[key.name] = try check(d, key: key, base: cwd) }
    }
    let explicit = Set(file.keys).union(try assignments(overrides).map(\.0))
    return ResolvedConfig(schema: self, values: values, explicitKeys: explicit)
  }

  /// `key=value` assignments of `--set` (or presets), each value read by its key's kind.
  private func assignments(_ list: [String]) throws -> [(String, ConfigValue)] {
    var out = [(String, ConfigValue)]()
    for assignment in list {
      guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
        throw ConfigError("--set '\(assignment)': write it as key=value, e.g. --set temperature=\"1.2 K\"")
      }
      let name = String(assignment[..<eq]).trimmingCharacters(in: .whitespaces)
      let text = String(assignment[assignment.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
      guard let key = key(name) else { throw unknownKey(name, source: "--set") }
      out.append((name, try overrideValue(text, for: key)))
    }
    return out
  }

  private func unknownKey(_ name: String, source: String) -> ConfigError {
    let suggestion = keys.min { editDistance($0.name, name) < editDistance($1.name, name) }
    var message = "unknown key '\(name)' in \(source)"
    if let s = suggestion, editDistance(s.name, name) <= 3 { message += " (did you mean '\(s.name)'?)" }
    message += "; accepted keys: " + keys.map(\.name).joined(separator: ", ")
    return ConfigError(message)
  }

  /// `--set` values are bare text: interpret them by the key's kind.
  private func overrideValue(_ text: String, for key: ConfigKey) throws -> ConfigValue {
    var t = text
    if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f {
      t = String(t.dropFirst().dropLast())
    }
    switch key.kind {
    case .integer, .real:
      return Double(t).map(ConfigValue.number) ?? .string(t)
    case .boolean:
      return t == "true" ? .bool(true) : t == "false" ? .bool(false) : .string(t)
    case .list:
      let example = "quoted as one argument: --set '\(key.name)=[\"2 MHz\", \"5 MHz\"]'"
      guard text.hasPrefix("[") else {
        throw ConfigError("--set \(key.name): \(text) is not an array; expected an array of values, \(example)")
      }
      do {
        let parsed = try ConfigFile.parseTOML("v = \(text)", file: "--set \(key.name)")
        return parsed["v"] ?? .string(text)
      } catch {
        throw ConfigError(
          "--set \(key.name): \(text) is not an array of quoted values or numbers; expected an array of values, \(example)")
      }
    default:
      return .string(t)
    }
  }

  func check(_ value: ConfigValue, key: ConfigKey, base: String) throws -> ResolvedValue {
    func fail(_ what: String) -> ConfigError {
      ConfigError("key '\(key.name)': \(what); expected \(key.acceptedForm)")
    }
    func inRange(_ x: Double) throws {
      if let r = key.range, !r.contains(x) { throw fail("\(value) is out of range") }
    }
    switch key.kind {
    case .quantity(let dimension):
      guard case .string(let text) = value else {
        if case .number = value { throw fail("\(value) has no unit") }
        throw fail("\(value) is not a quantity")
      }
      let q: Quantity
      do { q = try Quantity(parsing: text, as: dimension) } catch let e as UnitParseError {
        throw fail(e.reason + " in \"\(text)\"")
      }
      try inRange(q.value)
      return ResolvedValue(raw: value, number: q.value, text: q.text)
    case .integer:
      guard case .number(let x) = value, x == x.rounded() else {
        throw fail("\(value) is not a whole number")
      }
      try inRange(x)
      return ResolvedValue(raw: value, number: x, text: format(x))
    case .real:
      guard case .number(let x) = value else { throw fail("\(value) is not a number") }
      try inRange(x)
      return ResolvedValue(raw: value, number: x, text: format(x))
    case .boolean:
      guard case .bool(let b) = value else { throw fail("\(value) is not a boolean") }
      return ResolvedValue(raw: value, number: b ? 1 : 0, text: String(b))
    case .choice(let options):
      guard case .string(let s) = value, options.contains(s) else { throw fail("\(value) is not accepted") }
      return ResolvedValue(raw: value, number: nil, text: s)
    case .path:
      guard case .string(let s) = value, !s.isEmpty else { throw fail("\(value) is not a path") }
      let full = s.hasPrefix("/") ? s : (base as NSString).appendingPathComponent(s)
      let absolute = (full as NSString).standardizingPath
      return ResolvedValue(raw: .string(absolute), number: nil, text: absolute)
    case .keyName:
      guard case .string(let s) = value, self.key(s) != nil else {
        throw fail("\(value) is not a key of this task")
      }
      return ResolvedValue(raw: value, number: nil, text: s)
    case .list:
      guard case .array(let items) = value, !items.isEmpty else {
        throw fail("\(value) is not a non-empty array")
      }
      return ResolvedValue(raw: value, number: nil, text: value.description, items: items)
    }
  }
}

/// A checked value: the raw form, the number in internal units (for numeric kinds) and display text.
public struct ResolvedValue: Sendable, Equatable {
  public let raw: ConfigValue
  public let number: Double?
  public let text: String
  public var items: [ConfigValue] = []
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  var previous = Array(0...b.count)
  for i in 1...max(1, a.count) where !a.isEmpty {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...max(1, b.count) where !b.isEmpty {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return a.isEmpty ? b.count : previous[b.count]
}

extension ConfigSchema {
  /// The keys with their defaults and meaning, for `--help`.
  public var helpText: String {
    "Config keys (TOML or JSON file, or --set key=value):\n"
      + keys.map { key in
        let value = key.defaultValue.map { " = \($0)" } ?? ""
        return "  \(key.name)\(value)\n      \(key.help)"
      }.joined(separator: "\n")
  }
}
