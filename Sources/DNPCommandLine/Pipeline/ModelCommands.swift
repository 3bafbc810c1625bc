import ArgumentParser
import Foundation

/// `dnp <model> …`: the model's point task, its sweep, and its other tasks.
struct ModelCommand<Model: DNPModel>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: Model.commandName, abstract: Model.abstract,
      subcommands: [PointCommand<Model>.self, SweepCommand<Model>.self] + Model.moreTasks)
  }
}

/// `dnp <model> <point task>`: one parameter point over its realizations.
struct PointCommand<Model: DNPModel>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: Model.pointTask, abstract: Model.pointAbstract, discussion: Model.schema.helpText,
      aliases: Model.pointTaskAliases)
  }
  @OptionGroup var options: RunOptions

  func run() async throws {
    var config = try options.resolve(Model.schema)
    let sample = try Model.preparePoint(&config)
    let session = try RunSession(task: Model.pointTaskName, options: options, config: config)
    let point = try await EnsembleRunner<Model>.run(
      session: session, points: [config], sample: sample, phase: "realizations", label: "realizations")[0]
    try Model.writePointOutputs(point, config: config, output: session.output, render: session.plot)
    try session.writeResult(
      PointResult(point: point, units: Model.units), seed: UInt64(config.integer("seed")))
    session.report(Model.pointReport(point, session: session))
  }
}

/// `dnp <model> sweep`: the summaries over the values of one key (`sweep_parameter`, `sweep_values`).
struct SweepCommand<Model: DNPModel>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "sweep", abstract: Model.sweepAbstract, discussion: Model.schema.helpText)
  }
  @OptionGroup var options: RunOptions

  func run() async throws {
    var config = try options.resolve(Model.schema)
    let sample = try Model.prepareSweep(&config)
    let (parameter, points) = try Model.sweepPoints(config, sample: sample)
    let session = try RunSession(task: "\(Model.commandName) sweep", options: options, config: config)
    let summaries = try await EnsembleRunner<Model>.run(
      session: session, points: points, sample: sample, phase: "points", label: parameter)
    try Model.writeSweepOutputs(
      parameter: parameter, config: config, sample: sample, points: points, summaries: summaries,
      session: session)
    try session.writeResult(
      SweepResult(
        sweepParameter: parameter, values: points.map { $0.text(parameter) }, points: summaries,
        units: Model.units),
      seed: UInt64(config.integer("seed")))
    session.report("sweep of \(parameter) over \(points.count) points written to \(session.output.directory.path)")
  }
}
