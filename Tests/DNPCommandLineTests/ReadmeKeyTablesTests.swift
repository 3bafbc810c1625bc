import Foundation
import Testing

@testable import DNPCommandLine

/// The README's key tables ("| key | default | meaning |"), in order: each row's keys and defaults.
func readmeKeyTables() throws -> [[(key: String, defaultValue: String?)]] {
  let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("README.md")
  let lines = try String(contentsOf: readme, encoding: .utf8).split(
    separator: "\n", omittingEmptySubsequences: false)
  var tables = [[(key: String, defaultValue: String?)]]()
  var current: [(key: String, defaultValue: String?)]?
  for line in lines {
    if line.hasPrefix("| key | default | meaning |") {
      current = []
      continue
    }
    guard var rows = current else { continue }
    guard line.hasPrefix("|") else {
      tables.append(rows)
      current = nil
      continue
    }
    if line.hasPrefix("|---") { continue }
    let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let keys = cells[1].split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
    }
    let defaults: [String?] =
      cells[2] == "—"
      ? keys.map { _ in nil }
      : splitOutsideBrackets(cells[2]).map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      }
    #expect(keys.count == defaults.count, "README row '\(line)': as many defaults as keys")
    for (k, d) in zip(keys, defaults) { rows.append((k, d)) }
    current = rows
  }
  return tables
}

/// `a, [b, c], d` → `a`, `[b, c]`, `d`: a list default keeps its own ", ".
func splitOutsideBrackets(_ text: String) -> [String] {
  var parts = [String](), current = "", depth = 0
  var rest = Substring(text)
  while let c = rest.first {
    if c == "[" { depth += 1 }
    if c == "]" { depth -= 1 }
    if depth == 0 && rest.hasPrefix(", ") {
      parts.append(current)
      current = ""
      rest = rest.dropFirst(2)
      continue
    }
    current.append(c)
    rest = rest.dropFirst()
  }
  return parts + [current]
}

/// Issue 11 item 12: the README's key tables list exactly the schema's keys, with the schema's defaults.
@Test func readmeKeyTablesMatchTheSchemas() throws {
  let tables = try readmeKeyTables()
  try #require(tables.count == 4)
  for (table, schema) in zip(
    tables, [ThermalMixingConfig.schema, AndersonConfig.schema, ZenoConfig.schema, CrossEffectConfig.schema])
  {
    #expect(Set(table.map(\.key)) == Set(schema.keys.map(\.name)), "keys of \(schema.keys[0].name)…")
    for row in table {
      guard let key = schema.key(row.key) else { continue }
      #expect(row.defaultValue == key.defaultValue?.description, "default of '\(row.key)'")
    }
  }
}
