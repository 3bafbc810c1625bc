import Foundation
import Testing

@testable import DNPCommandLine

/// `--shard K/N`, `--shard slurm` and `dnp merge` of shards.
@Suite struct ShardTests {
  @Test func shardParsing() throws {
    #expect(try Shard.parse("1/3", environment: [:]) == Shard(index: 1, count: 3))
    #expect(try Shard.parse("0/1", environment: [:]) == Shard(index: 0, count: 1))
    for bad in ["3/3", "-1/3", "1/0", "1", "a/b", "1/3/4"] {
      #expect(throws: ConfigError.self, "\(bad)") { try Shard.parse(bad, environment: [:]) }
    }
    let slurm = try Shard.parse(
      "slurm", environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"])
    #expect(slurm == Shard(index: 2, count: 4))
    // An array numbered 1-3: K counts from its first index.
    let offset = try Shard.parse(
      "slurm", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "3"])
    #expect(offset == Shard(index: 2, count: 3))
    func message(_ env: [String: String]) -> String {
      do {
        _ = try Shard.parse("slurm", environment: env)
        return ""
      } catch let e as ConfigError { return e.message } catch { return "\(error)" }
    }
    #expect(message([:]).contains("SLURM_ARRAY_TASK_ID is not set"))
    #expect(message(["SLURM_ARRAY_TASK_ID": "0"]).contains("SLURM_ARRAY_TASK_COUNT"))
    #expect(
      message(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "2"])
        .contains("step 2"))
    #expect(message(["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"]).contains("'x'"))
    // --array=1,3,5: three tasks, but not numbered 1…3.
    #expect(
      message([
        "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1",
        "SLURM_ARRAY_TASK_MAX": "5",
      ]).contains("gaps"))
  }

  /// Runs `arguments` unsharded and as `n` shards, merges the shards and expects the unsharded run's
  /// result.json (apart from timing) and `files` byte for byte.
  func expectShardsMergeToTheUnshardedRun(_ arguments: [String], shards n: Int, files: [String]) async throws {
    let full = temporaryPath("unsharded")
    try await runDNP(arguments + ["--output", full, "--quiet"])
    var folders = [String]()
    var owned = 0
    for k in 0..<n {
      let folder = temporaryPath("shard\(k)")
      let done = try #require(
        try await runDNP(arguments + ["--output", folder, "--quiet", "--shard", "\(k)/\(n)"]))
      #expect(done.shard == Shard(index: k, count: n))
      #expect(!FileManager.default.fileExists(atPath: folder + "/result.json"), "a shard writes no result")
      owned += done.owned
      folders.append(folder)
    }
    let merged = temporaryPath("merged")
    try await runDNP(["merge"] + folders.reversed() + ["--output", merged])
    #expect(try resultWithoutTiming(merged) == resultWithoutTiming(full), "\(arguments)")
    for file in files + ["config.toml"] {
      #expect(
        FileManager.default.contents(atPath: merged + "/" + file)
          == FileManager.default.contents(atPath: full + "/" + file), "\(file)")
    }
    let checkpoints = try FileManager.default.subpathsOfDirectory(atPath: full + "/checkpoints")
      .filter { $0.hasSuffix(".json") }
    #expect(owned == checkpoints.count, "the shards split the items without overlap")
  }

  @Test func thermalMixingSweepShardsMergeBitForBit() async throws {
    try await expectShardsMergeToTheUnshardedRun(
      [
        "thermal-mixing", "sweep", "--set", "electrons=3", "--set", "realizations=2", "--set",
        "sweep_parameter=dipolar_strength", "--set", "sweep_values=[\"2 MHz\", \"8 MHz\", \"15 MHz\"]",
      ], shards: 4, files: ["sweep.csv"])
  }

  @Test func andersonFigureShardsMergeBitForBit() async throws {
    try await expectShardsMergeToTheUnshardedRun(
      [
        "reproduce", "anderson-fig3", "--set", "size=3", "--set", "realizations=2", "--set",
        "sweep_values=[\"2 MHz\", \"8 MHz\"]",
      ], shards: 3, files: ["fig3.csv"])
  }

  @Test func steadyStateShardsMergeBitForBit() async throws {
    try await expectShardsMergeToTheUnshardedRun(
      ["thermal-mixing", "steady-state", "--set", "electrons=3", "--set", "realizations=3"], shards: 2,
      files: ["electron_profile.csv"])
  }

  /// Every other multi-item task and figure, two shards each, at tiny sizes.
  @Test func everyMultiItemTaskAndFigureMergesBitForBit() async throws {
    let tinyAnderson = ["--set", "size=3", "--set", "realizations=3"]
    let tinyFigure = tinyAnderson + ["--set", "sweep_values=[\"2 MHz\", \"8 MHz\"]"]
    let tinyThermal = ["--set", "electrons=2", "--set", "realizations=1"]
    let runs: [([String], [String])] = [
      (["anderson", "steady-state"] + tinyAnderson, ["realizations.csv"]),
      (["anderson", "dos"] + tinyAnderson, ["dos.csv"]),
      (["anderson", "overlap"] + tinyAnderson, ["overlap.csv"]),
      (["reproduce", "anderson-fig2"] + tinyFigure, ["fig2.csv"]),
      (["reproduce", "anderson-fig4"] + tinyFigure, ["fig4_microwave.csv", "fig4_nuclear.csv"]),
      (["reproduce", "anderson-fig7"] + tinyFigure, ["fig7.csv"]),
      (["thermal-mixing", "eth", "--set", "electrons=4", "--set", "realizations=3"], ["eth.csv"]),
      (["reproduce", "thermal-mixing-fig2"] + tinyThermal, ["fig2_U2MHz.csv", "fig2_U15MHz.csv"]),
      // fig4's curves are N = 6, 8, 10 themselves: it refuses `electrons`.
      (["reproduce", "thermal-mixing-fig4", "--set", "realizations=1"], ["fig4.csv"]),
      (["reproduce", "thermal-mixing-fig5"] + tinyThermal, ["fig5.csv"]),
    ]
    for (arguments, files) in runs {
      try await expectShardsMergeToTheUnshardedRun(arguments, shards: 2, files: files)
    }
  }

  @Test func mergeRefusesIncompleteOrMixedShards() async throws {
    let base = ["anderson", "steady-state", "--set", "size=3", "--set", "realizations=3", "--quiet"]
    let a = temporaryPath("shard-a"), b = temporaryPath("shard-b"), c = temporaryPath("shard-c")
    try await runDNP(base + ["--output", a, "--shard", "0/3"])
    try await runDNP(base + ["--output", b, "--shard", "1/3"])
    try await runDNP(base + ["--output", c, "--shard", "2/3", "--set", "seed=5"])
    func failure(_ folders: [String]) async -> String {
      let out = temporaryPath("merge-refused")
      do {
        try await runDNP(["merge"] + folders + ["--output", out])
        return ""
      } catch let e as ConfigError {
        #expect(!FileManager.default.fileExists(atPath: out + "/result.json"))
        return e.message
      } catch { return "\(error)" }
    }
    #expect(await failure([a, b]).contains("shard 2/3 missing"))
    #expect(await failure([a, b, c]).contains("shards of different runs"))
    #expect(await failure([a, a]).contains("both shard 0/3"))
    // A shard whose task died before finishing: its missing checkpoint is named.
    let d = temporaryPath("shard-d")
    try await runDNP(base + ["--output", d, "--shard", "2/3"])
    try FileManager.default.removeItem(atPath: d + "/checkpoints/realizations/00002.json")
    #expect(await failure([a, b, d]).contains("item 2"))
  }

  /// A finished shard holds no result.json by design: run again without --resume, it is named as a shard (not
  /// as an interrupted run); with --resume it computes nothing more.
  @Test func rerunOfAShardNamesIt() async throws {
    let base = ["anderson", "steady-state", "--set", "size=3", "--set", "realizations=2", "--quiet"]
    let folder = temporaryPath("shard-rerun")
    try await runDNP(base + ["--output", folder, "--shard", "0/2"])
    await expectError(base + ["--output", folder, "--shard", "0/2"], ["holds shard 0/2", "--resume"])
    let again = try #require(try await runDNP(base + ["--output", folder, "--shard", "0/2", "--resume"]))
    #expect(again.computed == 0 && again.owned == 1)
  }

  @Test func singleResultTasksRefuseShards() async throws {
    await #expect(throws: ConfigError.self) {
      try await runDNP([
        "thermal-mixing", "spin-temperature", "--output", temporaryPath("st-shard"), "--shard", "0/2",
      ])
    }
  }
}
