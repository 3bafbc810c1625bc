import Foundation

extension ConfigFile {
  /// A flat TOML file of `values` (keys sorted), preceded by `comment` lines: `read(path:)` gives `values` back
  /// exactly (numbers keep every digit, strings their escapes).
  public static func toml(_ values: [String: ConfigValue], comment: [String] = []) -> String {
    let head = comment.map { "# " + $0 + "\n" }.joined()
    return head + values.keys.sorted().map { "\($0) = \(tomlValue(values[$0]!))\n" }.joined()
  }

  static func tomlValue(_ value: ConfigValue) -> String {
    switch value {
    case .string(let s):
      var out = "\""
      for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(c)
        }
      }
      return out + "\""
    case .number(let x):
      // Shortest text that reads back as the same Double.
      return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    case .bool(let b): return String(b)
    case .array(let items): return "[" + items.map(tomlValue).joined(separator: ", ") + "]"
    }
  }
}
