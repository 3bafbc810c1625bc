import ArgumentParser
import DNPNumerics
import Foundation
import ZenoLocalization

/// The tasks of `dnp zeno …` beyond the generic steady-state and sweep: the three-level toy model and the
/// phonon bath times. Both are one cheap computation (no realizations), so they take no `--shard`.
enum ZenoCommand {
  typealias SteadyState = PointCommand<ZenoLocalizationModel>
  typealias Sweep = SweepCommand<ZenoLocalizationModel>

  struct ToyModel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "toy-model",
      abstract:
        "The three-level toy model (SM Sec. IV): ρ_11, ρ_22 vs ω_MW − ω_e, S101 against the GKSL solution.",
      discussion: ZenoConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      try options.refuseShard(task: "zeno toy-model", computes: "one quick curve")
      var config = try options.resolve(ZenoConfig.schema)
      _ = try ZenoConfig.prepare(&config, task: .toyModel)
      let curve = try ZenoToyCurve(config)
      let session = try RunSession(task: "zeno toy-model", options: options, config: config)
      try curve.write(name: "toy_model", title: "Three-level toy model (SM Sec. IV)", session: session)
      try session.writeResult(curve, seed: nil)
      session.report(
        String(
          format:
            "toy model: max |numerical − exact S100| = %.2g, max |S101 − numerical| = %.2g; result in %@",
          curve.maxDeviationFromExact, curve.maxDeviationOfLinearResponse,
          session.output.url("result.json").path))
    }
  }

  struct BathTimes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "bath-times",
      abstract:
        "Phonon bath times T1, T*, T(0) vs temperature (SM eqs. S105–S106), calibrated on Table I's T1.",
      discussion: ZenoConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      try options.refuseShard(task: "zeno bath-times", computes: "one quick table")
      var config = try options.resolve(ZenoConfig.schema)
      _ = try ZenoConfig.prepare(&config, task: .bathTimes)
      let times = try ZenoBathTimes(config)
      let session = try RunSession(task: "zeno bath-times", options: options, config: config)
      try times.write(name: "bath_times", session: session)
      try session.writeResult(times, seed: nil)
      session.report(
        "bath times at \(times.temperatureK.count) temperatures; result in \(session.output.url("result.json").path)"
      )
    }
  }
}

/// ρ_11 and ρ_22 of the toy model over a grid of ω_MW − ω_e: the linear-response S101, the exact solution of
/// S95–S100 and the engine's GKSL steady state (dense, 16 × 16).
struct ZenoToyCurve: Encodable {
  var driveMHz: Double
  var exchangeMHz: Double
  var offsetMHz: Double
  var gammaMHz: Double
  /// (ω_MW − ω_e)/2π.
  var detuningMHz: [Double]
  var rho11LinearResponse: [Double]
  var rho22LinearResponse: [Double]
  var rho11Exact: [Double]
  var rho22Exact: [Double]
  var rho11Numerical: [Double]
  var rho22Numerical: [Double]
  /// max over the grid of |numerical − exact| (ρ_11 and ρ_22).
  var maxDeviationFromExact: Double
  /// max over the grid of |S101 − numerical|: O(V⁴).
  var maxDeviationOfLinearResponse: Double

  /// - Complexity: toy_points dense 16 × 16 steady states.
  init(_ c: ResolvedConfig) throws {
    let mhz = ZenoConfig.megahertz
    let v = c.number("toy_drive"), j = c.number("toy_exchange"), delta = c.number("toy_offset")
    let gamma = c.number("toy_gamma"), span = c.number("toy_detuning_span")
    driveMHz = v / mhz
    exchangeMHz = j / mhz
    offsetMHz = delta / mhz
    gammaMHz = gamma / mhz
    let grid = linearSpace(-span, span, count: c.integer("toy_points"))
    detuningMHz = grid.map { $0 / mhz }
    var r11 = ([Double](), [Double](), [Double]()), r22 = ([Double](), [Double](), [Double]())
    for x in grid {
      // Δω = ω_e − ω_MW = −x.
      let model = ZenoLocalization.ToyModel(
        parameters: ToyModelParameters(drive: v, exchange: j, offset: delta, detuning: -x, gamma: gamma))
      let linear = model.linearResponsePopulations()
      let exact: ToyModelState, numerical: ToyModelState
      do {
        exact = try model.analyticStationaryState()
        numerical = try model.numericalStationaryState()
      } catch let e as ToyModelError {
        throw ConfigError("the toy model cannot be solved at ω_MW − ω_e = \(x / mhz) MHz: \(e.message)")
      } catch {
        throw NumericalFailure(computing: "the toy model at ω_MW − ω_e = \(x / mhz) MHz", cause: error)
      }
      r11.0.append(linear.rho11)
      r22.0.append(linear.rho22)
      r11.1.append(exact.populations[1])
      r22.1.append(exact.populations[2])
      r11.2.append(numerical.populations[1])
      r22.2.append(numerical.populations[2])
    }
    (rho11LinearResponse, rho11Exact, rho11Numerical) = r11
    (rho22LinearResponse, rho22Exact, rho22Numerical) = r22
    func maxDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
    maxDeviationFromExact = max(maxDifference(r11.2, r11.1), maxDifference(r22.2, r22.1))
    maxDeviationOfLinearResponse = max(maxDifference(r11.0, r11.2), maxDifference(r22.0, r22.2))
  }

  /// `<name>.csv` and its figure: S101 as lines, the GKSL solution as points.
  func write(name: String, title: String, logY: Bool = false, session: RunSession) throws {
    var table = CSVTable(header: [
      "detuning_MHz", "rho11_S101", "rho22_S101", "rho11_exact", "rho22_exact", "rho11_numerical",
      "rho22_numerical",
    ])
    for k in detuningMHz.indices {
      table.append([
        detuningMHz[k], rho11LinearResponse[k], rho22LinearResponse[k], rho11Exact[k], rho22Exact[k],
        rho11Numerical[k], rho22Numerical[k],
      ])
    }
    try session.output.writeCSV(table, to: "\(name).csv")
    var figure = GnuplotFigure(
      name: name, title: title, xLabel: "(ω_MW − ω_e)/2π (MHz)", yLabel: "population",
      note: String(
        format: "V/2π = %g MHz, J/2π = %g MHz, Δ/2π = %g MHz, γ/2π = %g MHz", driveMHz, exchangeMHz,
        offsetMHz,
        gammaMHz),
      series: [
        .init(file: "\(name).csv", x: 1, y: 6, title: "ρ_{11}, GKSL (numerical)", style: .hollow),
        .init(file: "\(name).csv", x: 1, y: 7, title: "ρ_{22}, GKSL (numerical)", style: .hollow),
        .init(file: "\(name).csv", x: 1, y: 2, title: "ρ_{11}, eq. S101", style: .lines),
        .init(file: "\(name).csv", x: 1, y: 3, title: "ρ_{22}, eq. S101", style: .lines),
      ])
    figure.logY = logY
    try session.plot(figure)
  }
}

/// The phonon bath times (SM eqs. S105–S106) at logarithmically spaced temperatures, with A_d and A_R
/// calibrated on Table I's T1 (160 µs at 1.2 K, 1.6 µs at 12 K) at the configured ω_e.
struct ZenoBathTimes: Encodable {
  var temperatureK: [Double]
  var t1Microseconds: [Double]
  var tStarMicroseconds: [Double]
  var tZeroMicroseconds: [Double]
  /// The two-phonon (mostly Raman) fraction of 1/T1.
  var twoPhononShareOfT1: [Double]
  var directCoefficient: Double
  var ramanCoefficient: Double

  /// - Complexity: two adaptive quadratures per temperature and time.
  init(_ c: ResolvedConfig) throws {
    let low = c.number("bath_temperature_min"), high = c.number("bath_temperature_max")
    guard low < high else {
      throw ConfigError(
        "keys 'bath_temperature_min' and 'bath_temperature_max': the range \(c.text("bath_temperature_min")) to \(c.text("bath_temperature_max")) is empty; give min < max"
      )
    }
    let bath: PhononBath
    do {
      bath = try PhononBath.calibrated(
        electronLarmor: c.number("electron_larmor"), (1.2, 160e-6), (12, 1.6e-6))
    } catch let e as PhononBathError {
      throw ConfigError(
        "key 'electron_larmor': the phonon bath cannot be calibrated at \(c.text("electron_larmor")): \(e.message)"
      )
    }
    directCoefficient = bath.directCoefficient
    ramanCoefficient = bath.ramanCoefficient
    let n = c.integer("bath_temperature_points")
    temperatureK = (0..<n).map { low * pow(high / low, Double($0) / Double(n - 1)) }
    var times = [BathTimes]()
    for t in temperatureK {
      do {
        times.append(try bath.bathTimes(temperature: t, lowFrequency: c.number("bath_low_frequency")))
      } catch {
        throw NumericalFailure(computing: "the bath times at \(t) K", cause: error)
      }
    }
    t1Microseconds = times.map { $0.t1 * 1e6 }
    tStarMicroseconds = times.map { $0.tStar * 1e6 }
    tZeroMicroseconds = times.map { $0.tZero * 1e6 }
    twoPhononShareOfT1 = times.map(\.twoPhononShareOfT1)
  }

  func write(name: String, session: RunSession) throws {
    var table = CSVTable(header: [
      "temperature_K", "t1_us", "t_star_us", "t_zero_us", "two_phonon_share_of_t1",
    ])
    for k in temperatureK.indices {
      table.append([
        temperatureK[k], t1Microseconds[k], tStarMicroseconds[k], tZeroMicroseconds[k], twoPhononShareOfT1[k],
      ])
    }
    try session.output.writeCSV(table, to: "\(name).csv")
    var figure = GnuplotFigure(
      name: name, title: "Phonon bath times vs temperature (SM eqs. S105–S106)", xLabel: "temperature (K)",
      yLabel: "time (µs)",
      note: "direct + two-phonon processes, calibrated on T1 = 160 µs at 1.2 K and 1.6 µs at 12 K",
      series: [
        .init(file: "\(name).csv", x: 1, y: 2, title: "T1 = 2T(ω_e)", style: .linespoints),
        .init(file: "\(name).csv", x: 1, y: 3, title: "T* = T(ω*)", style: .linespoints),
        .init(file: "\(name).csv", x: 1, y: 4, title: "T(0)", style: .linespoints),
      ])
    figure.logX = true
    figure.logY = true
    try session.plot(figure)
  }
}
