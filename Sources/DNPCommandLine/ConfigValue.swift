import Foundation

/// One value of a flat configuration file, before it is checked against a schema.
public enum ConfigValue: Equatable, Sendable, CustomStringConvertible {
  case string(String)
  case number(Double)
  case bool(Bool)
  case array([ConfigValue])

  public var description: String {
    switch self {
    case .string(let s): return "\"\(s)\""
    case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    case .bool(let b): return String(b)
    case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
    }
  }

  /// The value as JSON-compatible Foundation object.
  var jsonObject: Any {
    switch self {
    case .string(let s): return s
    case .number(let x): return x
    case .bool(let b): return b
    case .array(let a): return a.map(\.jsonObject)
    }
  }
}

/// A user mistake: the message names the key or file and the accepted form. Commands turn it into a
/// non-zero exit with the message on stderr and nothing written.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension ConfigValue: Decodable {
  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let a = try? c.decode([ConfigValue].self) {
      self = .array(a)
    } else {
      let key = decoder.codingPath.first?.stringValue ?? "?"
      throw ConfigError(
        "key '\(key)': expected a string, a finite number (a double, at most about 1.8e308 in size), a boolean or an array of these; nested objects and nulls are not allowed (DNPKit configs are flat)"
      )
    }
  }
}
