import DNPNumerics
import Foundation
import Testing

@Test func streamsAreReproducibleAndIndependentOfThreads() async {
  func draw(_ stream: Int) -> [Double] {
    var r = Xoshiro256StarStar(seed: 42, stream: UInt64(stream))
    return (0..<5).map { _ in r.gaussian() }
  }
  let serial = (0..<16).map(draw)
  // The same streams computed concurrently, in scrambled order.
  let parallel = await withTaskGroup(of: (Int, [Double]).self) { group in
    for s in (0..<16).reversed() { group.addTask { (s, draw(s)) } }
    var out = [[Double]](repeating: [], count: 16)
    for await (s, v) in group { out[s] = v }
    return out
  }
  #expect(serial == parallel)
  #expect(serial[0] != serial[1])
  var a = Xoshiro256StarStar(seed: 1), b = Xoshiro256StarStar(seed: 2)
  #expect(a.next() != b.next())
}

@Test func uniformAndGaussianMoments() {
  var r = Xoshiro256StarStar(seed: 9)
  let u = (0..<200_000).map { _ in r.uniform() }
  let g = (0..<200_000).map { _ in r.gaussian(mean: 1, standardDeviation: 2) }
  let su = SampleStatistics(u), sg = SampleStatistics(g)
  #expect(abs(su.mean - 0.5) < 0.005 && u.allSatisfy { $0 >= 0 && $0 < 1 })
  #expect(abs(sg.mean - 1) < 0.02 && abs(sg.standardDeviation - 2) < 0.02)
}

@Test func brentFindsRootsAndReportsBadBrackets() throws {
  let r = try brentRoot(in: 0...2) { $0 * $0 - 2 }
  #expect(abs(r - 2.0.squareRoot()) < 1e-14)
  let c = try brentRoot(in: -1...1) { cos($0 + 1) - $0 }
  #expect(abs(cos(c + 1) - c) < 1e-14)
  #expect(throws: RootFindingError.self) { try brentRoot(in: 0...1) { $0 + 1 } }
}

@Test func newton2DSolvesCoupledSystemWithLineSearch() throws {
  // x² + y² = 4, e^x + y = 1: a root near (1.0042, −1.7296).
  let root = try newton2D(start: [1, -1]) { v in SIMD2(v.x * v.x + v.y * v.y - 4, exp(v.x) + v.y - 1) }
  #expect(abs(root.x * root.x + root.y * root.y - 4) < 1e-12)
  #expect(abs(exp(root.x) + root.y - 1) < 1e-12)
  // From a far start the line search still converges.
  let far = try newton2D(start: [20, 20]) { v in SIMD2(v.x - 3, (v.y - 1) * (v.y - 1) * (v.y - 1) + (v.y - 1))
  }
  #expect(abs(far.x - 3) < 1e-10 && abs(far.y - 1) < 1e-6)
}
