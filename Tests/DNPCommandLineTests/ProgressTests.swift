import Foundation
import Testing

@testable import DNPCommandLine
import ThermalMixing

/// Issue 11 item 7: percentage; an estimate from this session's items only, and none before the first;
/// the line fits the terminal.
@Test func progressLineShowsPercentAndAnHonestEstimate() {
  // Resumed at 8 of 16, one more finished in 10 s: 7 left at 10 s each (the old estimate said ~9 s).
  let resumed = ProgressBar.line(
    label: "realizations", done: 9, restored: 8, total: 16, elapsed: 10, width: 120)
  #expect(resumed.contains("56% 9/16") && resumed.contains("~0:01:10 left"), "\(resumed)")
  let start = ProgressBar.line(label: "realizations", done: 0, restored: 0, total: 16, elapsed: 3, width: 120)
  #expect(start.contains("0% 0/16") && start.contains("estimating") && !start.contains("0:00:00 left"))
  let restoredOnly = ProgressBar.line(
    label: "realizations", done: 8, restored: 8, total: 16, elapsed: 1, width: 120)
  #expect(restoredOnly.contains("estimating"), "\(restoredOnly)")
  for width in [40, 60, 80, 200] {
    let line = ProgressBar.line(
      label: "hopping × realizations", done: 123, restored: 0, total: 1000, elapsed: 3725, width: width)
    #expect(line.count < width, "width \(width): \(line)")
    #expect(line.contains("12%"))
  }
}

/// Issue 11 item 7: progress inside one long item: a single realization half done shows 50% and an
/// estimate, and the library reports its stages up to 1.
@Test func progressInsideOneItem() async throws {
  let line = ProgressBar.line(
    label: "realizations", done: 0, restored: 0, total: 1, elapsed: 30, width: 120, running: 0.5)
  #expect(line.contains("50% 0/1") && line.contains("~0:00:30 left") && line.contains("[###############..."))
  final class Fractions: @unchecked Sendable {
    let lock = NSLock()
    var values = [Double]()
    func add(_ x: Double) { lock.lock(); values.append(x); lock.unlock() }
  }
  let fractions = Fractions()
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = 4
  var problem = ThermalMixingProblem(parameters: p, sample: .gaussian(p, seed: 1, realization: 0), threads: 2)
  problem.progress = { fractions.add($0) }
  _ = try problem.stationaryState()
  #expect(fractions.values.count > p.electrons + 1)
  #expect(fractions.values.allSatisfy { $0 >= 0 && $0 <= 1 } && fractions.values.last == 1)
}

/// Issue 11 item 7: Ctrl-C says how many items are saved and the command that resumes.
@Test func interruptionAdviceGivesTheResumeCommand() {
  let advice = Interruption.resumeAdvice(
    finished: 5, total: 16, label: "realizations", folder: "/tmp/run",
    arguments: ["/usr/bin/dnp", "thermal-mixing", "steady-state", "--set", "temperature=1.2 K"])
  #expect(advice.contains("5 of 16 realizations are saved in '/tmp/run/checkpoints'"))
  #expect(advice.hasSuffix("dnp thermal-mixing steady-state --set 'temperature=1.2 K' --resume"), "\(advice)")
}
