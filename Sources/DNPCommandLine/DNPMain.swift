import ArgumentParser
import Foundation

/// `dnp`: the DNPKit command line.
@available(macOS 10.15, *)
public struct DNPMain: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "dnp",
    abstract: "Simulate dynamic nuclear polarization: thermal mixing, Anderson free fermions.",
    discussion:
      "Usage: dnp <model> <task> --config FILE [--output DIR] [--set key=value]... [--threads N] [--quiet]",
    version: RunMetadata.programVersion,
    subcommands: [
      ThermalMixingCommand.self, AndersonCommand.self, ReproduceCommand.self, PlotCommand.self,
      MergeCommand.self,
      DemoCommand.self,
    ])

  public init() {}
}

/// `dnp reproduce FIGURE [--scale quick|paper]`: a paper figure's sweep and plot.
struct ReproduceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce", abstract: "Run a paper figure's sweep and write its plot.",
    discussion: "Figures: " + (ThermalMixingFigures.names + AndersonFigures.names).joined(separator: ", "))

  @Argument(help: "The figure, e.g. thermal-mixing-fig3-coupling.") var figure: String
  @Option(help: "quick (minutes, small N) or paper (the paper's N and realizations).") var scale: String =
    "quick"
  @OptionGroup var options: RunOptions

  func run() async throws {
    guard let s = ThermalMixingFigures.Scale(rawValue: scale) else {
      throw ConfigError("--scale: '\(scale)' is not accepted; expected quick or paper")
    }
    let all = ThermalMixingFigures.names + AndersonFigures.names
    guard all.contains(figure) else {
      throw ConfigError("unknown figure '\(figure)'; expected one of \(all.joined(separator: ", "))")
    }
    var opts = options
    if opts.output == "dnp-output" { opts.output = figure }
    if AndersonFigures.names.contains(figure) {
      try await AndersonFigures.reproduce(figure, scale: scale, options: opts)
      return
    }
    // Scale defaults below the user's config and --set; fig4 varies N itself.
    var presets = s == .paper ? ["electrons=12", "realizations=100"] : ["electrons=8", "realizations=12"]
    if figure == "thermal-mixing-fig4" { presets.removeFirst() }
    var config = try opts.resolve(ThermalMixingConfig.schema, presets: presets)
    _ = try ThermalMixingConfig.prepare(&config, task: .figure(figure))
    config.unrecorded = Set(ThermalMixingKeyUse.figureKeys(figure))
    let session = try RunSession(task: "reproduce \(figure) --scale \(scale)", options: opts, config: config)
    try await ThermalMixingFigures.reproduce(figure, scale: s, session: session)
    session.report("\(figure): data, \(figure).gp and the plot are in \(session.output.directory.path)")
  }
}

/// `dnp plot DIR`: renders every figure script in a run folder to PNG and SVG.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot", abstract: "Render a run's figures (PNG and SVG) with gnuplot.")
  @Argument(help: "A run's output folder.") var directory: String

  func run() throws {
    let output = RunOutput(path: directory)
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".gp") }
        .sorted()
    } catch {
      throw ConfigError("cannot read run folder '\(directory)': \(error.localizedDescription)")
    }
    guard !names.isEmpty else {
      throw ConfigError("'\(directory)' holds no figure scripts (*.gp); is it a dnp output folder?")
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
  @Option(help: "Worker threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  @Flag(help: "No progress bar.") var quiet = false

  func run() async throws {
    let command = try ReproduceCommand.parse(
      ["thermal-mixing-fig3-coupling", "--output", output, "--threads", "\(threads)"]
        + (quiet ? ["--quiet"] : []))
    try await command.run()
  }
}

extension DNPMain {
  /// Entry point of the `dnp` executable: runs the async command tree (the plain `main()` would pick the
  /// synchronous overload from a library target).
  public static func start() async {
    let root: any AsyncParsableCommand.Type = DNPMain.self
    await root.main()
  }
}
