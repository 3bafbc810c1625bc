import Foundation

/// The scale of a reproduced figure: quick (minutes on a laptop) or paper (the paper's sizes and
/// realizations).
enum FigureScale: String, Sendable { case quick, paper }

/// One paper figure `dnp reproduce` can run: its name, its scale defaults, and how it runs.
struct FigureRecipe: Sendable {
  var name: String
  /// The keys the figure sets itself (its curves and x axis): a user's value for them is refused.
  var varies: [String] = []
  /// The scale's defaults as `--set` assignments, below the user's config file and `--set`.
  var presets: @Sendable (FigureScale) -> [String]
  /// Resolves the configuration (with ``presets``), checks it, and runs the figure into `options.output`.
  var run: @Sendable (FigureScale, RunOptions) async throws -> Void
}

/// Every figure of every model, in the order `dnp reproduce --help` lists them. `reproduce` (and `dnp merge`
/// of a sharded figure, which reruns it) read this registry.
enum FigureRegistry {
  static let recipes: [FigureRecipe] =
    ThermalMixingFigures.recipes + AndersonFigures.recipes + ZenoFigures.recipes + CrossEffectFigures.recipes

  static var names: [String] { recipes.map(\.name) }

  static func recipe(_ name: String) -> FigureRecipe? { recipes.first { $0.name == name } }
}
