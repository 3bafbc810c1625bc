import Foundation
import SpinPhysics
import Testing

@Test func unitParsingFollowsSpecConventions() throws {
  #expect(abs(try Quantity(parsing: "93.9 GHz", as: .frequency).value - 2 * .pi * 93.9e9) < 1e-3)
  #expect(abs(try Quantity(parsing: "25 kHz", as: .frequency).value - 2 * .pi * 25e3) < 1e-9)
  #expect(abs(try Quantity(parsing: "54MHz", as: .frequency).value - 2 * .pi * 54e6) < 1e-6)
  #expect(try Quantity(parsing: "1.2 K", as: .temperature).value == 1.2)
  #expect(try Quantity(parsing: "1 us", as: .time).value == 1e-6)
  #expect(try Quantity(parsing: "10 ms", as: .time).value == 1e-2)
  #expect(try Quantity(parsing: "15 mM", as: .concentration).value == 15)
  #expect(abs(try Quantity(parsing: "-3.5e-1 MHz", as: .frequency).value + 2 * .pi * 0.35e6) < 1e-9)
}

@Test func unitParsingRejectsMissingAndWrongUnits() {
  #expect(throws: UnitParseError.self) { try Quantity(parsing: "1.2", as: .temperature) }
  #expect(throws: UnitParseError.self) { try Quantity(parsing: "54 MHz", as: .time) }
  #expect(throws: UnitParseError.self) { try Quantity(parsing: "fast", as: .time) }
  #expect(throws: UnitParseError.self) { try Quantity(parsing: "5 furlongs", as: .length) }
  do {
    _ = try Quantity(parsing: "54 MHz", as: .time)
  } catch let e as UnitParseError {
    #expect(e.description.contains("unit of frequency"))
    #expect(e.description.contains("\"1 us\""))
  } catch { Issue.record("wrong error \(error)") }
}

@Test func thermalFactorIsStableAndMatchesTanhForm() {
  for x in stride(from: -5.0, through: 5.0, by: 0.25) {
    #expect(abs(Thermal.h(beta: 1, x) - (1 + tanh(x / 2)) / 2) < 1e-15)
  }
  #expect(Thermal.h(beta: 1, 1e6) == 1)
  #expect(Thermal.h(beta: 1, -1e6) == 0)
  #expect(!Thermal.h(beta: 1e3, -800).isNaN)
  // Detailed balance: h(x)/h(−x) = e^{βx}.
  #expect(abs(Thermal.h(beta: 2, 3) / Thermal.h(beta: 2, -3) - exp(6.0)) < 1e-9 * exp(6.0))
}

@Test func blochSolutionMatchesSpecNumbers() {
  let f = { (d: Double) in
    Thermal.blochSaturation(offset: 2 * .pi * d, omega1: 2 * .pi * 100e3, t1: 1e-3, t2: 1e-6)
  }
  #expect(abs(f(0) - 0.002527) < 5e-7)
  #expect(abs(f(200e3) - 0.006491) < 5e-7)
  #expect(abs(f(1e6) - 0.092998) < 5e-7)
}

@Test func inverseTemperatureAtPaperConditions() {
  // β ω_e at 1.2 K and 93.9 GHz ≈ 3.75 (SPEC §1 quotes ≈ 3.8).
  let betaOmega = PhysicalConstants.inverseTemperature(kelvin: 1.2) * 2 * .pi * 93.9e9
  #expect(abs(betaOmega - 3.755) < 0.005)
}

@Test func spinBasisSectorsAndBitOperators() {
  let basis = SpinBasis(spins: 4)
  #expect(basis.sectors.map(\.count) == [1, 4, 6, 4, 1])
  for (k, sector) in basis.sectors.enumerated() {
    for (i, s) in sector.enumerated() {
      #expect(basis.sector(of: s) == k && basis.index(of: s) == i)
    }
  }
  #expect(SpinBasis.raise(0b0101, 1) == 0b0111)
  #expect(SpinBasis.raise(0b0101, 0) == nil)
  #expect(SpinBasis.lower(0b0101, 2) == 0b0001)
  #expect(SpinBasis.lower(0b0101, 1) == nil)
  #expect(SpinBasis.flipFlop(0b0101, 0, 1) == 0b0110)
  #expect(SpinBasis.flipFlop(0b0101, 0, 2) == nil)
  #expect(SpinBasis.sz(0b0100, 2) == 0.5 && SpinBasis.sz(0b0100, 1) == -0.5)
}
