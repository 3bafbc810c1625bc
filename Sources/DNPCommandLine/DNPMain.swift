import ArgumentParser
import Foundation

/// `dnp`: the DNPKit command line.
@available(macOS 10.15, *)
public struct DNPMain: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "dnp",
    abstract: "Simulate dynamic nuclear polarization: thermal mixing, Anderson free fermions, Zeno localization, cross effect.",
    discussion:
      "Usage: dnp <model> <task> [--config FILE] [--output DIR] [--set key=value]... [--threads N] [--quiet] [--resume] [--shard K/N|slurm]",
    version: RunMetadata.programVersion,
    subcommands: ModelRegistry.models.map { $0.command } + [
      ReproduceCommand.self, PlotCommand.self, MergeCommand.self, DemoCommand.self,
    ])

  public init() {}
}

/// `dnp reproduce FIGURE [--scale quick|paper]`: a paper figure's sweep and plot.
struct ReproduceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce", abstract: "Run a paper figure's sweep and write its plot.",
    discussion: "Figures: " + FigureRegistry.names.joined(separator: ", "))

  @Argument(help: "The figure, e.g. thermal-mixing-fig3-coupling.") var figure: String
  @Option(help: "quick (minutes, small N) or paper (the paper's N and realizations).") var scale: String =
    "quick"
  @OptionGroup var options: RunOptions

  func run() async throws {
    guard let s = FigureScale(rawValue: scale) else {
      throw ConfigError("--scale: '\(scale)' is not accepted; expected quick or paper")
    }
    guard let recipe = FigureRegistry.recipe(figure) else {
      throw ConfigError(
        "unknown figure '\(figure)'; expected one of \(FigureRegistry.names.joined(separator: ", "))")
    }
    var opts = options
    if opts.output == "dnp-output" { opts.output = figure }
    try await recipe.run(s, opts)
  }
}

/// `dnp plot DIR`: renders every figure script in a run folder to PNG and SVG.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot", abstract: "Render a run's figures (PNG and SVG) with gnuplot.")
  @Argument(help: "A run's output folder.") var directory: String

  func run() throws {
    let output = RunOutput(path: directory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
      throw ConfigError("dnp plot: '\(directory)' does not exist; expected a run's output folder, e.g. dnp plot dnp-output")
    }
    guard isDirectory.boolValue else {
      let folder = (directory as NSString).deletingLastPathComponent
      throw ConfigError(
        "dnp plot: '\(directory)' is a file; expected a run's output folder, e.g. dnp plot \(folder.isEmpty ? "." : folder)")
    }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".gp") }
        .sorted()
    } catch {
      throw ConfigError("dnp plot: cannot read run folder '\(directory)': \(error.localizedDescription)")
    }
    guard !names.isEmpty else {
      let marker = output.url("checkpoints/run.txt").path
      if let text = FileManager.default.contents(atPath: marker).flatMap({ String(data: $0, encoding: .utf8) }),
        let first = text.split(separator: "\n").first(where: { $0.hasPrefix("task=") })
      {
        throw ConfigError(
          "dnp plot: '\(directory)' holds a run of '\(first.dropFirst(5))', which draws no figure (its numbers are in result.json and the CSV tables); figures come from steady-state, sweep, eth, dos, overlap and reproduce runs"
        )
      }
      throw ConfigError(
        "dnp plot: '\(directory)' holds no figure scripts (*.gp); expected a dnp run's output folder")
    }
    for name in names {
      try Gnuplot.render(name, in: output)
      print(output.url(String(name.dropLast(3)) + ".png").path)
    }
  }
}

/// `dnp demo`: the headline result, TM Fig. 3 (P_n vs U) at quick scale.
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo", abstract: "The headline demo: quick TM Fig. 3 (P_n vs U).")
  @Option(help: "Output folder.") var output: String = "demo-output"
  @Option(parsing: .unconditional, help: "Worker threads (1–1024).") var threads: Int =
    ProcessInfo.processInfo.activeProcessorCount
  @Flag(help: "No progress bar.") var quiet = false
  @Flag(help: "Continue an interrupted demo in --output.") var resume = false
  @Option(
    name: .customLong("set"),
    help: "Override one key of the figure's sweep, e.g. --set realizations=4 (repeatable).")
  var overrides: [String] = []

  func run() async throws {
    let command = try ReproduceCommand.parse(
      ["thermal-mixing-fig3-coupling", "--output", output, "--threads", "\(threads)"]
        + (quiet ? ["--quiet"] : []) + (resume ? ["--resume"] : []) + overrides.flatMap { ["--set", $0] })
    try await command.run()
  }
}

extension DNPMain {
  /// Entry point of the `dnp` executable: runs the async command tree (the plain `main()` would pick the
  /// synchronous overload from a library target).
  ///
  /// A sharded run ends its task early with ``ShardCompleted``: that is a success (status 0, a note on stderr).
  public static func start() async {
    do {
      try await run(CommandLine.arguments.dropFirst().map { $0 })
    } catch let done as ShardCompleted {
      FileHandle.standardError.write(Data("\(done)\n".utf8))
      Foundation.exit(0)
    } catch {
      exit(withError: error)
    }
  }

  /// Parses `arguments` (without the program name) and runs the command they name.
  public static func run(_ arguments: [String]) async throws {
    var command = try parseAsRoot(arguments)
    if var async = command as? any AsyncParsableCommand {
      try await async.run()
    } else {
      try command.run()
    }
  }
}
