import Foundation

/// Reads flat configuration files: TOML (the subset of `key = value` lines that flat keys need) or JSON (one
/// object of keys to values). Both give the same `[key: ConfigValue]`.
public enum ConfigFile {
  /// Parses the file at `path`, choosing the format from its extension (`.json` or `.toml`).
  public static func read(path: String) throws -> [String: ConfigValue] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError("cannot read config file '\(path)': no such file or not readable")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError("config file '\(path)' is not UTF-8 text")
    }
    if path.lowercased().hasSuffix(".json") { return try parseJSON(text, file: path) }
    if path.lowercased().hasSuffix(".toml") { return try parseTOML(text, file: path) }
    throw ConfigError("config file '\(path)': unknown format; name it *.toml or *.json")
  }

  // MARK: - JSON

  public static func parseJSON(_ text: String, file: String) throws -> [String: ConfigValue] {
    if let line = trailingCommaLine(text) {
      throw ConfigError(
        "config file '\(file)', line \(line): a comma before '}' or ']' is not valid JSON; remove it")
    }
    do {
      return try JSONDecoder().decode([String: ConfigValue].self, from: Data(text.utf8))
    } catch let e as ConfigError {
      throw ConfigError("config file '\(file)': \(e.message)")
    } catch {
      throw ConfigError(
        "config file '\(file)' must hold one JSON object of flat keys with string, number, boolean or array values"
      )
    }
  }

  /// The line of the first comma directly before a closing '}' or ']' (outside strings), which JSON forbids
  /// but Foundation's decoder accepts.
  static func trailingCommaLine(_ text: String) -> Int? {
    var line = 1, inString = false, escaped = false
    var pendingComma: Int?
    for c in text.unicodeScalars {
      if c == "\n" { line += 1 }
      if inString {
        if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
        continue
      }
      switch c {
      case "\"": inString = true; pendingComma = nil
      case ",": pendingComma = line
      case "}", "]": if let l = pendingComma { return l }
      case " ", "\t", "\n", "\r": break
      default: pendingComma = nil
      }
    }
    return nil
  }

  // MARK: - TOML subset

  /// Parses `key = value` lines with `#` comments; values are strings ("…" or '…'), numbers, booleans and
  /// arrays (which may span lines). Tables (`[section]`) are rejected: DNPKit configs are flat.
  public static func parseTOML(_ text: String, file: String) throws -> [String: ConfigValue] {
    var result = [String: ConfigValue]()
    var scanner = TOMLScanner(Array(text.unicodeScalars), file: file)
    while true {
      scanner.skipBlankLinesAndComments()
      if scanner.atEnd { break }
      if scanner.peek == "[" {
        throw scanner.error("tables ([section]) are not supported: DNPKit configs are flat")
      }
      let key = try scanner.key()
      scanner.skipSpaces()
      guard scanner.peek == "=" else { throw scanner.error("expected '=' after key '\(key)'") }
      scanner.advance()
      scanner.skipSpaces()
      let value = try scanner.value(key: key)
      scanner.skipSpaces()
      if scanner.peek == "#" { scanner.skipToLineEnd() }
      guard scanner.atEnd || scanner.peek == "\n" || scanner.peek == "\r" else {
        throw scanner.error(
          "unexpected text after the value of '\(key)' (quote text values: \(key) = \"1.2 K\")")
      }
      if result[key] != nil { throw scanner.error("key '\(key)' is given twice") }
      result[key] = value
    }
    return result
  }
}

/// A character scanner for the TOML subset, tracking the line for error messages.
private struct TOMLScanner {
  let chars: [Unicode.Scalar]
  let file: String
  var position = 0
  var line = 1

  init(_ chars: [Unicode.Scalar], file: String) {
    self.chars = chars
    self.file = file
  }

  var atEnd: Bool { position >= chars.count }
  var peek: Unicode.Scalar? { atEnd ? nil : chars[position] }

  mutating func advance() {
    if chars[position] == "\n" { line += 1 }
    position += 1
  }

  func error(_ message: String) -> ConfigError {
    ConfigError("config file '\(file)', line \(line): \(message)")
  }

  mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" { advance() } }

  mutating func skipToLineEnd() { while let c = peek, c != "\n" { _ = c; advance() } }

  mutating func skipBlankLinesAndComments() {
    while let c = peek {
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        advance()
      } else if c == "#" {
        skipToLineEnd()
      } else {
        break
      }
    }
  }

  mutating func key() throws -> String {
    var s = ""
    while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
      s.unicodeScalars.append(c)
      advance()
    }
    if s.isEmpty { throw error("expected a key (letters, digits, '_' or '-')") }
    return s
  }

  mutating func value(key: String) throws -> ConfigValue {
    guard let c = peek else { throw error("missing value for '\(key)'") }
    switch c {
    case "\"", "'": return .string(try string(quote: c))
    case "[":
      advance()
      var items = [ConfigValue]()
      while true {
        skipBlankLinesAndComments()
        if peek == "]" {
          advance()
          return .array(items)
        }
        items.append(try value(key: key))
        skipBlankLinesAndComments()
        if peek == "," {
          advance()
        } else if peek != "]" {
          throw error("expected ',' or ']' in the array of '\(key)'")
        }
      }
    default:
      var s = ""
      while let d = peek, !" \t\n\r#,]".unicodeScalars.contains(d) {
        s.unicodeScalars.append(d)
        advance()
      }
      if s == "true" { return .bool(true) }
      if s == "false" { return .bool(false) }
      if let x = Double(s.replacingOccurrences(of: "_", with: "")) { return .number(x) }
      throw error(
        "value '\(s)' of '\(key)' is not a number, boolean, array or quoted string (write \(key) = \"\(s)\" for text)"
      )
    }
  }

  mutating func string(quote: Unicode.Scalar) throws -> String {
    advance()
    var s = ""
    while let c = peek {
      if c == "\n" { break }
      advance()
      if c == quote { return s }
      if c == "\\" && quote == "\"", let e = peek {
        advance()
        switch e {
        case "n": s += "\n"
        case "t": s += "\t"
        case "\\": s += "\\"
        case "\"": s += "\""
        default: s.unicodeScalars.append(e)
        }
      } else {
        s.unicodeScalars.append(c)
      }
    }
    throw error("unterminated string")
  }
}
