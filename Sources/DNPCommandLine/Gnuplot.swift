import Foundation

/// A figure as data files plus a gnuplot script that renders it to PNG and SVG. The script is always
/// written, so a figure can be re-rendered or restyled by hand.
public struct GnuplotFigure: Sendable {
  public struct Series: Sendable {
    /// `palette`: points coloured by the `error` column's value (a map), e.g. x:y:polarization.
    public enum Style: String, Sendable { case points, lines, linespoints, errorbars, dashed, hollow, palette }
    public var file: String
    public var x: Int
    public var y: Int
    public var error: Int?
    public var title: String
    public var style: Style
    public init(file: String, x: Int, y: Int, error: Int? = nil, title: String, style: Style) {
      self.file = file
      self.x = x
      self.y = y
      self.error = error
      self.title = title
      self.style = style
    }
  }

  public var name: String
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var series: [Series]
  /// A note printed under the title, e.g. "N = 8, 20 realizations"; `\\n` (gnuplot's escape) starts a new line.
  public var note: String
  public var logX = false
  public var logY = false
  /// What the error bars show, noted under the title when a series has them.
  public var errorBars = "standard deviation over realizations"
  /// x values at which a thin grey vertical line is drawn (e.g. the boundaries of magnetization sectors).
  public var verticalLines: [Double] = []

  public init(name: String, title: String, xLabel: String, yLabel: String, note: String, series: [Series]) {
    self.name = name
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.note = note
    self.series = series
  }

  public var scriptName: String { "\(name).gp" }

  public var script: String {
    // Enhanced text makes "_x" a subscript: keep that for symbols (P_n, Δ_i) but escape the underscores of
    // key names (dipolar_strength), i.e. those followed by two or more letters or digits.
    func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    func label(_ s: String) -> String {
      quote(s.replacingOccurrences(of: "_(?=[A-Za-z0-9]{2})", with: "\\\\\\\\_", options: .regularExpression))
    }
    var note = self.note
    if series.contains(where: { $0.error != nil && $0.style != .palette }) && !note.contains("error bars") {
      note += (note.isEmpty ? "" : "\\n") + "error bars: \(errorBars)"  // its own line of the title
    }
    var lines = [
      "# Rendered by `dnp plot`; run `gnuplot \(scriptName)` in this folder to redo \(name).png and \(name).svg.",
      "# (dnp passes -e \"out='…'\" to render under a temporary name and rename, so no half-written image is seen.)",
      "if (!exists(\"out\")) out = '\(name)'",
      "set datafile separator ','",
      "set title \(label(title + "\\n" + note))",
      "set xlabel \(label(xLabel))",
      "set ylabel \(label(yLabel))",
      "set grid",
      // The legend right of the plot, clear of both axis labels; the x range padded so that end points and
      // their error bars stay off the frame.
      "set key outside right top vertical",
      "set autoscale xfix",
      "set offsets graph 0.04, graph 0.04, graph 0.04, graph 0.04",
    ]
    if logX { lines += ["set logscale x", "set format x \"10^{%L}\""] }
    if logY { lines += ["set logscale y", "set format y \"10^{%L}\""] }
    for x in verticalLines {
      lines.append("set arrow from \(x), graph 0 to \(x), graph 1 nohead lc rgb 'gray50' lw 1.5")
    }
    let parts = series.enumerated().map { (k, s) -> String in
      let using = s.error.map { "\(s.x):\(s.y):\($0)" } ?? "\(s.x):\(s.y)"
      let with: String
      switch s.style {
      case .points: with = "points pt 7 ps 1.2"
      case .lines: with = "lines lw 2"
      case .linespoints: with = "linespoints pt 9 ps 1.2 lw 1.5"
      case .errorbars: with = "yerrorbars pt 7 ps 1.2"
      case .dashed: with = "lines lw 2 dt 2"
      case .hollow: with = "points pt 6 ps 1.4"
      case .palette: with = "points pt 7 ps 1.5 palette"
      }
      let colour = s.style == .palette ? "" : " lc \(k + 1)"
      return "\(quote(s.file)) skip 1 using \(using) with \(with)\(colour) title \(label(s.title))"
    }
    let plot = "plot " + parts.joined(separator: ", \\\n     ")
    lines += [
      "set terminal pngcairo size 1100,650 enhanced font 'Sans,11'",
      "set output out.'.png'", plot,
      "set terminal svg size 1100,650 enhanced font 'Sans,11'",
      "set output out.'.svg'", "replot", "unset output",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  public func write(into output: RunOutput) throws { try output.write(text: script, to: scriptName) }
}

/// Runs gnuplot on scripts in a folder.
public enum Gnuplot {
  /// Writes the figure's script and renders it; a missing gnuplot is a `note`, not a failure.
  public static func writeAndRender(
    _ figure: GnuplotFigure, into output: RunOutput, note: (String) -> Void
  ) throws {
    try figure.write(into: output)
    do { try render(figure.scriptName, in: output) } catch let e as ConfigError { note(e.message) }
  }

  /// The gnuplot executable on PATH, if any.
  public static var executable: String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/gnuplot"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Renders `script` (a file name inside the output folder) with the folder as working directory.
  public static func render(_ script: String, in output: RunOutput) throws {
    guard let gnuplot = executable else {
      throw ConfigError(
        "gnuplot is not installed, so no PNG/SVG was made; the data and \(output.url(script).path) are written. Install it (apt-get install gnuplot-nox) and run `dnp plot \(output.directory.path)`"
      )
    }
    let stem = String(script.dropLast(3))
    let temporary = ".\(stem).tmp-\(ProcessInfo.processInfo.processIdentifier)"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gnuplot)
    process.arguments = ["-e", "out='\(temporary)'", script]
    process.currentDirectoryURL = output.directory
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    defer {
      for ext in ["png", "svg"] { try? FileManager.default.removeItem(at: output.url("\(temporary).\(ext)")) }
    }
    guard process.terminationStatus == 0 else {
      throw ConfigError("gnuplot failed on \(script): \(String(decoding: message, as: UTF8.self))")
    }
    // Atomic: each image appears complete under its name (POSIX rename replaces it).
    for ext in ["png", "svg"] {
      guard rename(output.url("\(temporary).\(ext)").path, output.url("\(stem).\(ext)").path) == 0 else {
        throw ConfigError("cannot write '\(output.url("\(stem).\(ext)").path)': \(String(cString: strerror(errno)))")
      }
    }
  }
}
