import AndersonDNP
import BareLAPACKE
import Benchmark
import ComplexModule
import DNPNumerics
import MasterEquations
import ThermalMixing

// Inputs are built once, outside the measured closures; each iteration copies what LAPACK overwrites,
// in the wrapper and in the bare call alike.

func randomSymmetric(_ n: Int) -> RealMatrix {
  var rng = Xoshiro256StarStar(seed: 1)
  var a = RealMatrix(rows: n, columns: n)
  for j in 0..<n { for i in 0...j { let x = rng.uniform(-1, 1); a[i, j] = x; a[j, i] = x } }
  return a
}

func randomHermitian(_ n: Int) -> ComplexMatrix {
  var rng = Xoshiro256StarStar(seed: 2)
  var a = ComplexMatrix(rows: n, columns: n)
  for j in 0..<n {
    a[j, j] = Complex(rng.uniform(-1, 1), 0)
    for i in (j + 1)..<n {
      let z = Complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
      a[i, j] = z
      a[j, i] = z.conjugate
    }
  }
  return a
}

/// A 2000-state block-tridiagonal master equation: 20 blocks of 100 states, random rates.
func blockEquation() -> PopulationMasterEquation {
  var rng = Xoshiro256StarStar(seed: 3)
  let sizes = [Int](repeating: 100, count: 20)
  var eq = PopulationMasterEquation(blockSizes: sizes)
  for k in 0..<sizes.count {
    for l in max(0, k - 1)...min(sizes.count - 1, k + 1) {
      eq.addRates(
        from: k, to: l, RealMatrix(rows: sizes[l], columns: sizes[k]) { _, _ in rng.uniform(0.1, 1) })
    }
  }
  return eq
}

let benchmarks: @Sendable () -> Void = {
  let heavy = Benchmark.Configuration(
    metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(30),
    maxIterations: 5)
  BLASThreads.set(2)

  let a2000 = randomSymmetric(2000)
  Benchmark("dsyevd n=2000 vectors (wrapper)", configuration: heavy) { _ in
    blackHole(try a2000.symmetricEigen())
  }
  Benchmark("dsyevd n=2000 vectors (bare LAPACKE)", configuration: heavy) { _ in
    var a = a2000.elements
    var w = [Double](repeating: 0, count: 2000)
    blackHole(
      LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")), 2000, &a, 2000, &w)
    )
  }

  let h1000 = randomHermitian(1000)
  Benchmark("zheevd n=1000 vectors (wrapper)", configuration: heavy) { _ in
    blackHole(try h1000.hermitianEigen())
  }

  let b2000 = randomSymmetric(2000)
  Benchmark("dgemm n=2000 (wrapper)", configuration: heavy) { _ in
    blackHole(try RealMatrix.multiply(a2000, .none, b2000, .none))
  }
  Benchmark("dgemm n=2000 (bare CBLAS)", configuration: heavy) { _ in
    var c = [Double](repeating: 0, count: 2000 * 2000)
    a2000.elements.withUnsafeBufferPointer { pa in
      b2000.elements.withUnsafeBufferPointer { pb in
        cblas_dgemm(
          CblasColMajor, CblasNoTrans, CblasNoTrans, 2000, 2000, 2000, 1, pa.baseAddress, 2000,
          pb.baseAddress, 2000, 0, &c, 2000)
      }
    }
    blackHole(c)
  }

  let equation = blockEquation()
  Benchmark("stationary state, 2000 states in 20 blocks (block-tridiagonal)", configuration: heavy) { _ in
    blackHole(try equation.stationaryState(threads: 2))
  }
  Benchmark("stationary state, 2000 states (naive dense LU)", configuration: heavy) { _ in
    var g = equation.denseGenerator()
    for j in 0..<2000 { g[1999, j] = 1 }
    var rhs = [Double](repeating: 0, count: 2000)
    rhs[1999] = 1
    blackHole(try g.solve(rhs))
  }

  for n in [10, 12] {
    var p = ThermalMixingParameters.paperDefaults
    p.electrons = n
    let sample = ThermalMixingSample.gaussian(p, seed: 1, realization: 0)
    Benchmark("thermal mixing, one realization N=\(n) (2 threads)", configuration: heavy) { _ in
      BLASThreads.set(1)
      blackHole(try ThermalMixingProblem(parameters: p, sample: sample, threads: 2).stationaryState())
      BLASThreads.set(2)
    }
  }

  for l in [12, 18] {
    let p = AndersonParameters(linearSize: l)
    Benchmark("anderson, one realization L=\(l) (2 BLAS threads)", configuration: heavy) { _ in
      blackHole(try AndersonProblem(parameters: p, sample: .random(seed: 1, realization: 0)).solve())
    }
  }
}
