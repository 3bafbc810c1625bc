import Foundation

extension ConfigFile {
  /// A flat TOML file of `values` (keys sorted), preceded by `comment` lines: `read(path:)` gives `values` back
  /// exactly (numbers keep every digit, strings their escapes). Keys in `implicit` (defaults and a figure's
  /// scale presets: values the program sets again by itself) are written as comments after the others, so
  /// that the file shows every value used while rereading it sets only what the user set, and the user's
  /// choices stay distinguishable from the defaults (the checks of contradictory keys depend on it).
  public static func toml(
    _ values: [String: ConfigValue], comment: [String] = [], implicit: Set<String> = []
  ) -> String {
    let head = comment.map { "# " + $0 + "\n" }.joined()
    let keys = values.keys.sorted()
    let set = keys.filter { !implicit.contains($0) }.map { "\($0) = \(tomlValue(values[$0]!))\n" }.joined()
    let others = keys.filter { implicit.contains($0) }
    guard !others.isEmpty else { return head + set }
    return head + set + "\n# Defaults and scale presets (set again by the program):\n"
      + others.map { "# \($0) = \(tomlValue(values[$0]!))\n" }.joined()
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
