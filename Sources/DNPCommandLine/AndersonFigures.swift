/// The figures of the AF paper for `dnp reproduce`. (Being filled in.)
enum AndersonFigures {
  static let names: [String] = []

  /// Runs one figure with `options` (scale defaults applied by the caller's rules).
  static func reproduce(_ figure: String, scale: String, options: RunOptions) async throws {
    throw ConfigError("figure '\(figure)' is not implemented yet")
  }
}
