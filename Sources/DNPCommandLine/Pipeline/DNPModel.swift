import ArgumentParser
import Foundation

/// A model's command line: what the generic pipeline (``PointCommand``, ``SweepCommand``, ``EnsembleRunner``,
/// `dnp merge`) needs to know about it. A new model is a conforming type (its schema, how to draw and solve one
/// realization, how to summarize an ensemble, and what its point and sweep tasks write) plus its figure recipes
/// (``FigureRecipe``).
///
/// One work item of a run is one realization of one *group* of parameter points: points with the same
/// ``sharingKey(_:)`` share the expensive part of a realization (e.g. one diagonalization), and their
/// ``Checkpoint`` holds one ``Realization`` per point of the group.
protocol DNPModel: SendableMetatype {
  /// An explicit sample read from the `sample` key (replacing random disorder).
  associatedtype Sample: Sendable
  /// One realization of one parameter point, as result.json reports it.
  associatedtype Realization: Codable & Sendable
  /// One work item's checkpoint (one realization of a group of points).
  associatedtype Checkpoint: Codable & Sendable
  /// The summary of one parameter point over its realizations.
  associatedtype Summary: Codable & Sendable

  /// `dnp <commandName> …`, its abstract, and its tasks beyond the point and sweep tasks.
  static var commandName: String { get }
  static var abstract: String { get }
  static var moreTasks: [any ParsableCommand.Type] { get }
  /// The single-point task's name (`dnp <commandName> <pointTask>`), and its abstract. Every model calls it
  /// `steady-state` (one name across models); ``pointTaskAliases`` keeps older names working.
  static var pointTask: String { get }
  static var pointTaskAliases: [String] { get }
  static var pointAbstract: String { get }
  static var sweepAbstract: String { get }
  static var schema: ConfigSchema { get }
  /// The `units` map of result.json for summaries.
  static var units: [String: String] { get }
  /// Where a single item's threads go (``ExecutionPolicy``).
  static var inner: ExecutionPolicy.InnerParallelism { get }

  /// Refuses unread keys, checks the configuration and loads the explicit sample of the point task (or the
  /// sweep task), before anything is written.
  static func preparePoint(_ c: inout ResolvedConfig) throws -> Sample?
  static func prepareSweep(_ c: inout ResolvedConfig) throws -> Sample?
  /// The swept key and the config at each of its values (each checked).
  static func sweepPoints(_ c: ResolvedConfig, sample: Sample?) throws -> (
    parameter: String, points: [ResolvedConfig]
  )

  static func realizationCount(_ c: ResolvedConfig, sample: Sample?) -> Int
  /// Estimated peak memory (bytes) of one work item over these points.
  static func memoryPerItem(_ points: [ResolvedConfig]) -> Double
  /// Points with equal keys share one work item per realization; nil: each point is its own group.
  static func sharingKey(_ c: ResolvedConfig) -> String?
  /// Checks and warnings before the items are computed (after the session exists).
  static func beforeRun(_ points: [ResolvedConfig], sample: Sample?, session: RunSession) throws
  /// Realization `realization` of every point of `group`.
  static func realize(
    _ group: [ResolvedConfig], sample: Sample?, realization: Int, threads: Int,
    report: @escaping @Sendable (Double) -> Void
  ) throws -> Checkpoint
  /// The realizations of a checkpoint, one per point of its group.
  static func realizations(in checkpoint: Checkpoint) -> [Realization]
  static func summarize(_ c: ResolvedConfig, sample: Sample?, realizations: [Realization]) -> Summary
  /// Warnings a summary carries (reported by the run).
  static func warnings(of summary: Summary) -> [String]

  /// The point task's tables and figures (also written by `dnp merge`), before result.json.
  static func writePointOutputs(
    _ s: Summary, config: ResolvedConfig, output: RunOutput, render: (GnuplotFigure) throws -> Void) throws
  /// The point task's result line.
  static func pointReport(_ s: Summary, session: RunSession) -> String
  /// The sweep task's tables and figures, before result.json.
  static func writeSweepOutputs(
    parameter: String, config: ResolvedConfig, sample: Sample?, points: [ResolvedConfig],
    summaries: [Summary], session: RunSession) throws
}

extension DNPModel {
  static func sharingKey(_ c: ResolvedConfig) -> String? { nil }
  static var pointTaskAliases: [String] { [] }
  static func beforeRun(_ points: [ResolvedConfig], sample: Sample?, session: RunSession) throws {}
  static func warnings(of summary: Summary) -> [String] { [] }
  /// `dnp <commandName> …`.
  static var command: any ParsableCommand.Type { ModelCommand<Self>.self }
  /// `"<commandName> <pointTask>"`: the point task as `run.txt` and `dnp merge` name it.
  static var pointTaskName: String { "\(commandName) \(pointTask)" }
}

extension DNPModel where Checkpoint == Realization {
  static func realizations(in checkpoint: Checkpoint) -> [Realization] { [checkpoint] }
}

/// Every model on the generic pipeline, in the order `dnp --help` lists them.
enum ModelRegistry {
  static var models: [any DNPModel.Type] {
    [ThermalMixingModel.self, AndersonModel.self, ZenoLocalizationModel.self, CrossEffectCommandModel.self]
  }
}
