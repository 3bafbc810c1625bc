import ArgumentParser
import DNPNumerics
import Foundation
import ThermalMixing

/// The tasks of `dnp thermal-mixing …` (``ModelCommand``) beyond the generic steady-state and sweep.
enum ThermalMixingCommand {
  typealias SteadyState = PointCommand<ThermalMixingModel>
  typealias Sweep = SweepCommand<ThermalMixingModel>

  struct SpinTemperatureTask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "spin-temperature",
      abstract: "Perturbative spin temperature only (eqs. 20–25), no diagonalization.",
      discussion: ThermalMixingConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      try options.refuseShard(task: "spin-temperature", computes: "a single closed-form result")
      var config = try options.resolve(ThermalMixingConfig.schema)
      let explicit = try ThermalMixingConfig.prepare(&config, task: .spinTemperature)
      let p = ThermalMixingConfig.parameters(config)
      let t: SpinTemperature
      do {
        t = try ThermalMixingConfig.perturbativeSpinTemperature(config, explicit: explicit)
      } catch let e as PerturbativeSpinTemperatureError {
        // Non-convergence is the solver's failure; every other case is a combination of keys it cannot take.
        if case .notConverged = e {
          throw NumericalFailure(computing: "the perturbative spin temperature (eqs. 20–25)", cause: e)
        }
        throw ConfigError("the perturbative spin temperature cannot be computed for this configuration: \(e)")
      } catch {
        throw NumericalFailure(computing: "the perturbative spin temperature (eqs. 20–25)", cause: error)
      }
      let session = try RunSession(task: "thermal-mixing spin-temperature", options: options, config: config)
      struct Result: Encodable { var spinTemperature: SpinTemperaturePair }
      try session.writeResult(
        Result(
          spinTemperature: SpinTemperaturePair(
            fit: nil, perturbative: SpinTemperatureReport(t, microwaveFrequency: p.microwaveFrequency))),
        seed: nil)
      session.report(
        String(
          format: "β_s = %.4f 1/K, predicted P_n = %.6f (%@)", t.inverseTemperaturePerKelvin,
          t.predictedNuclearPolarization, t.method.description))
    }
  }

  struct ETH: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "eth", abstract: "ETH diagnostics of Fig. 4: <n|S^z_1|n> in the S^z = 0 sector, and δM.",
      discussion: ThermalMixingConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      var config = try options.resolve(ThermalMixingConfig.schema)
      let explicit = try ThermalMixingConfig.prepare(&config, task: .eth)
      let session = try RunSession(task: "thermal-mixing eth", options: options, config: config)
      let count = explicit == nil ? config.integer("realizations") : 1
      let fixed = config
      let results = try await session.mapRealizations(
        counts: [count], phase: "realizations", label: "realizations",
        memoryPerItem: ThermalMixingConfig.memoryPerETH(electrons: config.integer("electrons"))
      ) { _, r, _, _ in
        try EigenstateThermalization(
          sample: ThermalMixingConfig.sample(fixed, explicit: explicit, realization: r))
      }[0]
      var table = CSVTable(header: ["eigenstate_fraction", "sz_1"])
      let first = results[0].spinExpectations
      for (n, s) in first.enumerated() { table.append([Double(n) / Double(max(1, first.count - 1)), s]) }
      try session.output.writeCSV(table, to: "eth.csv")
      let stats = SampleStatistics(results.map(\.meanAdjacentDifference))
      try session.plot(
        GnuplotFigure(
          name: "eth", title: "Diagonal matrix elements <n|S^z_1|n>, S^z = 0 sector",
          xLabel: "eigenstate n / dimension (energy order)", yLabel: "<n|S^z_1|n>",
          note: "N = \(config.integer("electrons")), U = \(config.text("dipolar_strength")), realization 0",
          series: [.init(file: "eth.csv", x: 1, y: 2, title: "realization 0", style: .points)]))
      /// δM: the mean adjacent difference.
      struct Result: Encodable {
        var meanAdjacentDifference: Double
        var meanAdjacentDifferenceStd: Double
        var perRealization: [Double]
      }
      try session.writeResult(
        Result(
          meanAdjacentDifference: stats.mean, meanAdjacentDifferenceStd: stats.standardDeviation,
          perRealization: results.map(\.meanAdjacentDifference)),
        seed: UInt64(config.integer("seed")))
      session.report("δM = " + spread(stats.mean, stats.standardDeviation, n: results.count, digits: 5))
    }
  }
}
