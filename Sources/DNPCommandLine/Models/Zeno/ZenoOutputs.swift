import Foundation
import ZenoLocalization

/// The CSV tables and gnuplot figures of a Zeno point (the point task and the figures write the same ones).
enum ZenoOutputs {
  /// (ω_MW − ω_e)/2π in MHz.
  static func microwaveOffsetMHz(_ c: ResolvedConfig) -> Double {
    (c.number("microwave_frequency") - c.number("electron_larmor")) / ZenoConfig.megahertz
  }

  /// `<prefix>profile.csv` (the binned profile with the thermal value), `<prefix>epr_spectrum.csv`,
  /// `<prefix>realizations.csv` (one row per spin and realization), `<prefix>histogram.csv` and
  /// `<prefix>microwave.csv` (the vertical line at ω_MW).
  static func writeTables(
    _ point: ZenoPoint, prefix: String, output: RunOutput, microwaveOffsetMHz: Double? = nil
  )
    throws
  {
    var profile = CSVTable(header: [
      "offset_MHz", "hilbert", "hilbert_std", "hilbert_spin_temperature", "nonsecular", "nonsecular_std",
      "nonsecular_spin_temperature", "spins", "thermal",
    ])
    for row in point.profile { profile.append(row + [point.thermalPolarization]) }
    try output.writeCSV(profile, to: prefix + "profile.csv")
    let e = point.eprSpectrum
    var epr = CSVTable(header: [
      "offset_MHz", "hilbert", "hilbert_spin_temperature", "nonsecular", "nonsecular_spin_temperature",
    ])
    for (b, x) in e.offsetMHz.enumerated() {
      func at(_ xs: [Double]?) -> Double { xs.map { $0[b] } ?? .nan }
      epr.append([
        x, at(e.simulated.hilbert), at(e.spinTemperature.hilbert), at(e.simulated.nonsecular),
        at(e.spinTemperature.nonsecular),
      ])
    }
    try output.writeCSV(epr, to: prefix + "epr_spectrum.csv")
    var spins = CSVTable(header: [
      "realization", "spin", "offset_MHz", "hilbert", "nonsecular", "hilbert_spin_temperature",
      "nonsecular_spin_temperature",
    ])
    for (r, report) in point.realizations.enumerated() {
      for (i, offset) in report.offsetsMHz.enumerated() {
        func at(_ xs: [Double]?) -> Double { xs.map { $0[i] } ?? .nan }
        spins.append([
          Double(r), Double(i + 1), offset, at(report.polarizations.hilbert),
          at(report.polarizations.nonsecular),
          at(report.spinTemperaturePolarizations.hilbert), at(report.spinTemperaturePolarizations.nonsecular),
        ])
      }
    }
    try output.writeCSV(spins, to: prefix + "realizations.csv")
    var histogram = CSVTable(header: ["polarization", "hilbert_count", "nonsecular_count"])
    for (b, x) in point.histogram.polarization.enumerated() {
      histogram.append([
        x, point.histogram.counts.hilbert?[b] ?? .nan, point.histogram.counts.nonsecular?[b] ?? .nan,
      ])
    }
    try output.writeCSV(histogram, to: prefix + "histogram.csv")
    if let mw = microwaveOffsetMHz {
      var line = CSVTable(header: ["offset_MHz", "polarization"])
      line.append([mw, -1])
      line.append([mw, 1])
      try output.writeCSV(line, to: prefix + "microwave.csv")
    }
  }

  /// Simulated EPR spectra (points) and the spin-temperature ansatz (dashed), Hilbert and nonsecular.
  static func eprFigure(name: String, file: String, title: String, note: String) -> GnuplotFigure {
    GnuplotFigure(
      name: name, title: title, xLabel: "(ω − ω_e)/2π (MHz)", yLabel: "EPR spectrum f(ω) (per MHz)",
      note: note,
      series: [
        .init(file: file, x: 1, y: 2, title: "Hilbert", style: .points),
        .init(file: file, x: 1, y: 3, title: "Hilbert, spin temperature", style: .dashed),
        .init(file: file, x: 1, y: 4, title: "nonsecular", style: .points),
        .init(file: file, x: 1, y: 5, title: "nonsecular, spin temperature", style: .dashed),
      ])
  }

  /// The profile 2⟨S^z⟩ against Δ (mean ± std over realizations), the spin-temperature ansatz (hollow), the
  /// Boltzmann value and, with `microwaveFile`, a vertical line at ω_MW.
  static func profileFigure(
    name: String, file: String, title: String, note: String, microwaveOffsetMHz: Double, thermal: Double,
    microwaveFile: String? = nil
  ) -> GnuplotFigure {
    var series: [GnuplotFigure.Series] = [
      .init(file: file, x: 1, y: 2, error: 3, title: "Hilbert", style: .errorbars),
      .init(file: file, x: 1, y: 5, error: 6, title: "nonsecular", style: .errorbars),
      .init(file: file, x: 1, y: 4, title: "Hilbert, spin temperature", style: .hollow),
      .init(file: file, x: 1, y: 7, title: "nonsecular, spin temperature", style: .hollow),
      .init(file: file, x: 1, y: 9, title: "Boltzmann", style: .lines),
    ]
    if let microwaveFile {
      series.append(.init(file: microwaveFile, x: 1, y: 2, title: "ω_MW", style: .dashed))
    }
    return GnuplotFigure(
      name: name, title: title, xLabel: "offset Δ_i/2π (MHz)", yLabel: "P_e = 2<S^z_i>",
      note: note + String(format: "\\nω_MW − ω_e = %.4g MHz", microwaveOffsetMHz), series: series)
  }
}
