import Foundation
import Testing

@testable import DNPCommandLine

let schema = ConfigSchema([
  ConfigKey("electrons", .integer, default: .number(8), range: 1...16, help: ""),
  ConfigKey("temperature", .quantity(.temperature), default: .string("1.2 K"), range: 1e-3...1e4, help: ""),
  ConfigKey("electron_larmor", .quantity(.frequency), default: .string("93.9 GHz"), help: ""),
  ConfigKey("coupling_model", .choice(["gaussian", "dipolar"]), default: .string("gaussian"), help: ""),
  ConfigKey("ising", .boolean, default: .bool(false), help: ""),
  ConfigKey("sample", .path, help: ""),
  ConfigKey("sweep_values", .list, help: ""),
])

func expectConfigError(_ fragments: [String], _ body: () throws -> Void) {
  do {
    try body()
    Issue.record("expected a ConfigError mentioning \(fragments)")
  } catch let e as ConfigError {
    for f in fragments { #expect(e.message.contains(f), "\(e.message) should mention \(f)") }
  } catch { Issue.record("unexpected error \(error)") }
}

@Test func tomlAndJsonGiveTheSameValues() throws {
  let toml = try ConfigFile.parseTOML(
    """
    # comment
    electrons = 6
    temperature = "1.5 K"   # trailing comment
    ising = true
    sweep_values = ["2 MHz",
      "5 MHz"]
    """, file: "a.toml")
  let json = try ConfigFile.parseJSON(
    #"{"electrons": 6, "temperature": "1.5 K", "ising": true, "sweep_values": ["2 MHz", "5 MHz"]}"#,
    file: "a.json")
  #expect(toml == json)
  let c = try schema.resolve(file: toml, overrides: [], baseDirectory: "/tmp")
  #expect(c.integer("electrons") == 6 && c.number("temperature") == 1.5 && c.bool("ising"))
  #expect(abs(c.number("electron_larmor") - 2 * .pi * 93.9e9) < 1e-3)  // default filled in
}

@Test func setOverridesFileValues() throws {
  let c = try schema.resolve(
    file: ["electrons": .number(6)],
    overrides: ["electrons=4", "temperature=0.5 K", "coupling_model=dipolar"],
    baseDirectory: "/tmp")
  #expect(
    c.integer("electrons") == 4 && c.number("temperature") == 0.5 && c.text("coupling_model") == "dipolar")
}

@Test func everyConfigErrorNamesTheKeyAndTheAcceptedForm() {
  expectConfigError(["unknown key 'temprature'", "did you mean 'temperature'"]) {
    _ = try schema.resolve(file: ["temprature": .string("1 K")], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'temperature'", "has no unit", "\"1.2 K\""]) {
    _ = try schema.resolve(file: ["temperature": .number(1.2)], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'temperature'", "unit of frequency"]) {
    _ = try schema.resolve(file: ["temperature": .string("3 MHz")], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'electrons'", "out of range", "from 1 to 16"]) {
    _ = try schema.resolve(file: ["electrons": .number(40)], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'electrons'", "not a whole number"]) {
    _ = try schema.resolve(file: ["electrons": .number(2.5)], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'coupling_model'", "\"gaussian\", \"dipolar\""]) {
    _ = try schema.resolve(file: ["coupling_model": .string("ising")], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["'ising'", "true or false"]) {
    _ = try schema.resolve(file: ["ising": .string("yes")], overrides: [], baseDirectory: "/")
  }
  expectConfigError(["--set 'electrons'", "key=value"]) {
    _ = try schema.resolve(file: [:], overrides: ["electrons"], baseDirectory: "/")
  }
  expectConfigError(["unknown key 'bogus' in --set"]) {
    _ = try schema.resolve(file: [:], overrides: ["bogus=1"], baseDirectory: "/")
  }
  expectConfigError(["line 2", "tables"]) {
    _ = try ConfigFile.parseTOML("a = 1\n[section]\n", file: "x.toml")
  }
  expectConfigError(["line 1", "quote text values"]) {
    _ = try ConfigFile.parseTOML("temperature = 1.2 K\n", file: "x.toml")
  }
  expectConfigError(["line 1", "unterminated"]) {
    _ = try ConfigFile.parseTOML("a = \"abc\n", file: "x.toml")
  }
  expectConfigError(["given twice"]) { _ = try ConfigFile.parseTOML("a = 1\na = 2\n", file: "x.toml") }
  expectConfigError(["'x.json'", "flat keys"]) { _ = try ConfigFile.parseJSON("[1, 2]", file: "x.json") }
  expectConfigError(["'x.json'"]) { _ = try ConfigFile.parseJSON(#"{"a": {"b": 1}}"#, file: "x.json") }
  expectConfigError(["cannot read config file '/nonexistent.toml'"]) {
    _ = try ConfigFile.read(path: "/nonexistent.toml")
  }
  expectConfigError(["unknown format"]) {
    let path = NSTemporaryDirectory() + "dnp-config.yaml"
    try "a: 1".write(toFile: path, atomically: true, encoding: .utf8)
    _ = try ConfigFile.read(path: path)
  }
}

@Test func relativeSamplePathsResolveAgainstTheConfigFolder() throws {
  let c = try schema.resolve(file: ["sample": .string("s.json")], overrides: [], baseDirectory: "/data/run")
  #expect(c.text("sample") == "/data/run/s.json")
}

@Test func executionPolicyFollowsTheNumericsRules() {
  #expect(
    ExecutionPolicy.forItems(10, threads: 2, inner: .model)
      == .init(workers: 2, innerThreads: 1, blasThreads: 1))
  #expect(
    ExecutionPolicy.forItems(1, threads: 2, inner: .model)
      == .init(workers: 1, innerThreads: 2, blasThreads: 1))
  #expect(
    ExecutionPolicy.forItems(1, threads: 2, inner: .blas)
      == .init(workers: 1, innerThreads: 1, blasThreads: 2))
}
