import Foundation

/// The two quick figures: the toy model in its three limits (ZL Fig. S11) and the phonon bath times.
enum ZenoSmallFigures {
  /// (tag, title, J, Δ, γ in MHz): good mixing (γ, Δ ≪ J), Anderson localization (γ ≪ J ≪ Δ) and Zeno
  /// localization (Δ < J ≪ γ), SM Sec. IV; ω_MW − ω_e spans three times the largest scale.
  static let limits: [(String, String, Double, Double, Double)] = [
    ("mixing", "good mixing (γ, Δ ≪ J)", 1, 0.1, 0.1),
    ("anderson", "Anderson localization (γ ≪ J ≪ Δ)", 1, 10, 0.1),
    ("zeno", "Zeno localization (Δ < J ≪ γ)", 1, 0.5, 10),
  ]

  /// 401 detunings: the Anderson limit's resonances are γ/2π = 0.1 MHz wide on a 60 MHz range.
  static let toyPresets = ["toy_points=401"]

  static let toyModel = FigureRecipe(
    name: "zeno-figS11", varies: ["toy_exchange", "toy_offset", "toy_gamma", "toy_detuning_span"],
    presets: { _ in toyPresets }
  ) { scale, options in
    try options.refuseShard(task: "zeno-figS11", computes: "one quick curve")
    let figure = "zeno-figS11"
    let config = try ZenoFigures.configure(
      figure, varies: ["toy_exchange", "toy_offset", "toy_gamma", "toy_detuning_span"],
      presets: toyPresets, options: options)
    var curves = [String: ZenoToyCurve]()
    for (tag, _, j, delta, gamma) in limits {
      let c = try ZenoFigures.apply(
        [
          ("toy_exchange", "\(j) MHz"), ("toy_offset", "\(delta) MHz"), ("toy_gamma", "\(gamma) MHz"),
          ("toy_detuning_span", "\(3 * max(j, delta, gamma)) MHz"),
        ], to: config)
      curves[tag] = try ZenoToyCurve(c)
    }
    let session = try RunSession(
      task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
    for (tag, title, _, _, _) in limits {
      try curves[tag]!.write(
        name: "\(figure)_\(tag)", title: "Toy model: \(title) (ZL Fig. S11)", logY: true, session: session)
    }
    struct Result: Encodable {
      var figure: String
      var limits: [String: ZenoToyCurve]
    }
    try session.writeResult(Result(figure: figure, limits: curves), seed: nil)
    session.report("\(figure): data, scripts (*.gp) and plots are in \(session.output.directory.path)")
  }

  static let bathTimes = FigureRecipe(name: "zeno-bath-times", varies: [], presets: { _ in [] }) {
    scale, options in
    try options.refuseShard(task: "zeno-bath-times", computes: "one quick table")
    let figure = "zeno-bath-times"
    let config = try ZenoFigures.configure(figure, varies: [], presets: [], options: options)
    let times = try ZenoBathTimes(config)
    let session = try RunSession(
      task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
    try times.write(name: figure, session: session)
    try session.writeResult(times, seed: nil)
    session.report("\(figure): data, scripts (*.gp) and plots are in \(session.output.directory.path)")
  }
}
