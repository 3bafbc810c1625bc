import Foundation
import Testing
import ThermalMixing

/// The README's thermal-mixing library example, run as written: the lines between the markers below are the
/// README's first `swift` block (its `import` aside), and `readmeSnippetsAreTheTestedOnes` checks that.
@Test func readmeLibraryExampleRuns() throws {
  // README begin
  var p = ThermalMixingParameters.paperDefaults        // Table I, N = 8
  p.electrons = 6
  let sample = ThermalMixingSample.gaussian(p, seed: 7, realization: 0)
  let solution = try ThermalMixingProblem(parameters: p, sample: sample).stationaryState()
  print(solution.nuclearPolarization)
  let fit = try fitSpinTemperature([solution.ensemble], parameters: p)
  // README end
  // Hyperpolarized (either sign, depending on the sample) far beyond the thermal 4e-4, at a spin
  // temperature far colder (in magnitude) than the 1.2 K bath.
  #expect(abs(solution.nuclearPolarization) > 0.01)
  #expect(abs(fit.inverseTemperaturePerKelvin) > 10 / 1.2)
}

/// The `swift` blocks of README.md, without their `import` lines, trimmed.
func readmeSwiftBlocks(readme: URL) throws -> [[String]] {
  var blocks = [[String]](), current: [String]? = nil
  for line in try String(contentsOf: readme, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
    let t = line.trimmingCharacters(in: .whitespaces)
    if current == nil, t == "```swift" {
      current = []
    } else if current != nil, t == "```" {
      blocks.append(current!)
      current = nil
    } else if current != nil, !t.hasPrefix("import "), !t.isEmpty {
      current!.append(t)
    }
  }
  return blocks
}

/// The lines between `// README begin` and `// README end` in a source file, trimmed.
func markedLines(_ file: URL) throws -> [String] {
  let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
    $0.trimmingCharacters(in: .whitespaces)
  }
  guard let begin = lines.firstIndex(of: "// README begin"), let end = lines.firstIndex(of: "// README end") else {
    return []
  }
  return Array(lines[(begin + 1)..<end]).filter { !$0.isEmpty }
}

/// Every README library snippet is, line for line, the code one of the README tests runs (and every such test
/// is in the README): `Tests/*/ReadmeExampleTests.swift` mark their copy with `// README begin` / `// README end`.
@Test func readmeSnippetsAreTheTestedOnes() throws {
  let here = URL(fileURLWithPath: #filePath)
  let tests = here.deletingLastPathComponent().deletingLastPathComponent()
  let blocks = try readmeSwiftBlocks(readme: tests.deletingLastPathComponent().appendingPathComponent("README.md"))
  var marked = [[String]]()
  for target in try FileManager.default.contentsOfDirectory(atPath: tests.path).sorted() {
    let file = tests.appendingPathComponent(target).appendingPathComponent("ReadmeExampleTests.swift")
    if FileManager.default.fileExists(atPath: file.path) { marked.append(try markedLines(file)) }
  }
  try #require(blocks.count >= 2 && marked.count == blocks.count, "one tested copy per README snippet")
  for (i, block) in blocks.enumerated() {
    #expect(marked.contains(block), "README swift block \(i + 1) (\(block.first ?? "")) is not run by a test")
  }
  #expect(Set(marked) == Set(blocks))
}
