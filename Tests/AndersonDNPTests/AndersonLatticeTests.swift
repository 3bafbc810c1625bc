import AndersonDNP
import DNPNumerics
import Foundation
import Testing

@Suite struct AndersonLatticeTests {
  @Test func siteIndexAndNeighbours() throws {
    let l = 4
    let lattice = try AndersonLattice(
      linearSize: l, hopping: 1, offsets: Array(repeating: 0, count: l * l * l))
    #expect(lattice.siteIndex(x: 1, y: 2, z: 3) == 1 + 4 * 2 + 16 * 3)
    for i in [0, 5, 37, 63] {
      let c = lattice.coordinates(of: i)
      #expect(lattice.siteIndex(x: c.x, y: c.y, z: c.z) == i)
      #expect(Set(lattice.neighbors(of: i)).count == 6)
    }
    #expect(Set(lattice.neighbors(of: 0)) == [1, 3, 4, 12, 16, 48])
    #expect(lattice.bonds.count == 3 * 64)

    let open = try AndersonLattice(
      linearSize: 3, hopping: 1, offsets: Array(repeating: 0, count: 27), boundary: .open)
    #expect(open.neighbors(of: 0).count == 3)  // corner
    #expect(open.neighbors(of: open.siteIndex(x: 1, y: 1, z: 1)).count == 6)  // centre
    #expect(open.bonds.count == 3 * 3 * 3 * 2)  // 3 directions × 9 lines × 2 bonds
  }

  @Test func matrixHasDisorderOnDiagonalAndMinusTOnBonds() throws {
    let offsets = (0..<27).map { Double($0) * 0.1 }
    let m = try AndersonLattice(linearSize: 3, hopping: 2.5, offsets: offsets).shiftedMatrix()
    #expect(m[4, 4] == 0.4)
    #expect(m[0, 1] == -2.5 && m[1, 0] == -2.5)
    #expect(m[0, 2] == -2.5)  // periodic wrap in x
    #expect(m[0, 4] == 0)  // diagonal neighbour (x+1, y+1) is not a bond
    var offDiagonalSum = 0.0
    for j in 0..<27 { for i in 0..<27 where i != j { offDiagonalSum += m[i, j] } }
    #expect(abs(offDiagonalSum - (-2.5 * 27 * 6)) < 1e-12)
  }

  /// w = 0, periodic: ε = ω_e − 2t Σ_d cos(2πk_d/L), inside [ω_e − 6t, ω_e + 6t].
  @Test(arguments: [2, 4, 5])
  func cleanPeriodicLatticeDispersion(l: Int) throws {
    var p = smallParameters(linearSize: l)
    p.disorderWidth = 0
    let t = p.hopping
    let problem = AndersonProblem(parameters: p, sample: .random(seed: 3, realization: 0))
    let spectrum = try problem.spectrum()
    var expected: [Double] = []
    for kx in 0..<l {
      for ky in 0..<l {
        for kz in 0..<l {
          let s = [kx, ky, kz].map { cos(2 * Double.pi * Double($0) / Double(l)) }.reduce(0, +)
          expected.append(-2 * t * s)
        }
      }
    }
    expected.sort()
    #expect(spectrum.offsets.count == expected.count)
    for (a, b) in zip(spectrum.offsets, expected) {
      #expect(abs(a - b) <= 1e-9 * t)
    }
    for alpha in 0..<spectrum.siteCount {
      let lab = spectrum.labEnergy(alpha)
      #expect(abs(lab - (p.electronLarmor + expected[alpha])) <= 1e-9 * t)
      #expect(lab >= p.electronLarmor - 6 * t * (1 + 1e-12) && lab <= p.electronLarmor + 6 * t * (1 + 1e-12))
    }
  }

  /// w = 0, open: ε = ω_e − 2t Σ_d cos(πk_d/(L+1)), k_d = 1…L.
  @Test func cleanOpenLatticeDispersion() throws {
    let l = 4
    var p = smallParameters(linearSize: l, boundary: .open)
    p.disorderWidth = 0
    let t = p.hopping
    let spectrum = try AndersonProblem(parameters: p, sample: .random(seed: 3, realization: 0)).spectrum()
    var expected: [Double] = []
    for kx in 1...l {
      for ky in 1...l {
        for kz in 1...l {
          let s = [kx, ky, kz].map { cos(Double.pi * Double($0) / Double(l + 1)) }.reduce(0, +)
          expected.append(-2 * t * s)
        }
      }
    }
    expected.sort()
    for (a, b) in zip(spectrum.offsets, expected) { #expect(abs(a - b) <= 1e-9 * t) }
  }

  @Test func samplesAndValidation() throws {
    let w = mhz(108)
    let offsets = try AndersonSample.random(seed: 11, realization: 2).offsets(
      siteCount: 1000, disorderWidth: w)
    #expect(offsets.allSatisfy { $0 >= -w / 2 && $0 < w / 2 })
    #expect(abs(offsets.reduce(0, +) / 1000) < 0.05 * w)  // mean 0, σ_mean = w/√12000 ≈ 0.009 w
    let again = try AndersonSample.random(seed: 11, realization: 2).offsets(siteCount: 1000, disorderWidth: w)
    #expect(offsets == again)
    let other = try AndersonSample.random(seed: 11, realization: 3).offsets(siteCount: 1000, disorderWidth: w)
    #expect(offsets != other)

    #expect(throws: AndersonError.sampleSizeMismatch(expected: 27, got: 2)) {
      try AndersonProblem(parameters: smallParameters(), sample: .explicit(offsets: [0, 1])).solve()
    }
    var bad = smallParameters()
    bad.temperature = -1
    #expect(throws: AndersonError.self) {
      try AndersonProblem(parameters: bad, sample: .random(seed: 1, realization: 0)).solve()
    }
  }
}
