import Foundation
import Testing

@testable import DNPCommandLine

/// Issue 11 items 9 and 12: the x range is padded, the legend sits right of the plot (clear of the axis
/// labels), the note says what the error bars are, and the images are rendered under a temporary name and
/// renamed (no half-written PNG or SVG is ever visible).
@Test func figuresArePaddedLabelledAndRenderedAtomically() throws {
  let figure = GnuplotFigure(
    name: "f", title: "t", xLabel: "x", yLabel: "y", note: "N = 3",
    series: [.init(file: "f.csv", x: 1, y: 2, error: 3, title: "s", style: .errorbars)])
  let script = figure.script
  #expect(script.contains("set offsets graph 0.04, graph 0.04"))
  #expect(script.contains("set key outside right"))
  #expect(script.contains(#"N = 3\nerror bars: standard deviation over realizations"#), "\(script)")
  #expect(script.contains("set output out.'.png'") && script.contains("if (!exists(\"out\")) out = 'f'"))
  guard Gnuplot.executable != nil else { return }
  let folder = RunOutput(path: temporaryPath("plot"))
  try folder.create()
  try folder.writeCSV(
    {
      var t = CSVTable(header: ["x", "y", "e"]); t.append([1, 2, 0.1]); t.append([2, 3, 0.2]); return t
    }(),
    to: "f.csv")
  try Gnuplot.writeAndRender(figure, into: folder) { Issue.record("gnuplot note: \($0)") }
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.directory.path).sorted()
  #expect(files == ["f.csv", "f.gp", "f.png", "f.svg"])
}
