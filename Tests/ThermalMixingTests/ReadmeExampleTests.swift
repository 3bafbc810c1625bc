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

/// The README's library snippets are, line for line, the code the three README tests run.
@Test func readmeSnippetsAreTheTestedOnes() throws {
  let here = URL(fileURLWithPath: #filePath)
  let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  let blocks = try readmeSwiftBlocks(readme: root.appendingPathComponent("README.md"))
  try #require(blocks.count == 3, "README has the thermal-mixing, the Anderson and the open-systems snippet")
  #expect(blocks[0] == (try markedLines(here)))
  #expect(
    blocks[1]
      == (try markedLines(root.appendingPathComponent("Tests/AndersonDNPTests/ReadmeExampleTests.swift"))))
  #expect(
    blocks[2]
      == (try markedLines(root.appendingPathComponent("Tests/MasterEquationsTests/ReadmeExampleTests.swift"))))
}
