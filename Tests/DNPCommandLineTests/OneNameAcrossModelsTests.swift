import Foundation
import Testing

@testable import DNPCommandLine

/// Issue 8: parallel things carry one name across models.
@Test func everyModelCallsItsPointTaskSteadyState() {
  for model in ModelRegistry.models {
    #expect(model.pointTask == "steady-state", "\(model.commandName)")
    #expect(!model.pointTaskAliases.contains(model.pointTask))
  }
}

@Test func everyModelReportsTheRealizationIndexOfEachRealization() async throws {
  let tm = temporaryPath("one-name-tm"), an = temporaryPath("one-name-an")
  try await runDNP([
    "thermal-mixing", "steady-state", "--output", tm, "--quiet", "--set", "electrons=3", "--set",
    "realizations=3",
  ])
  // The pre-0.3 name of Anderson's point task still runs, and the run is recorded under the one name.
  try await runDNP([
    "anderson", "polarization", "--output", an, "--quiet", "--set", "size=3", "--set", "realizations=3",
  ])
  for run in [tm, an] {
    let result = try readJSON(run + "/result.json")
    let indices = try #require(result["realizations"] as? [[String: Any]]).map { $0["realization"] as? Int }
    #expect(indices == [0, 1, 2], "\(run)")
    #expect((result["nuclear_polarization"] as? Double)?.isFinite == true)
    #expect(result["thermal_nuclear_polarization"] is Double)
  }
  let meta = try #require(try readJSON(an + "/result.json")["metadata"] as? [String: Any])
  #expect(meta["task"] as? String == "anderson steady-state")
  #expect((meta["wall_time_s"] as? Double).map { $0 >= 0 } == true)
}
