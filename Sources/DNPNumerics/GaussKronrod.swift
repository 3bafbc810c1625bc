/// A quadrature that did not reach its tolerance.
public struct QuadratureError: Error, CustomStringConvertible, Equatable, Sendable {
  public let panels: Int
  /// The largest ratio of a component's error estimate to its allowance (> 1).
  public let errorRatio: Double
  public var description: String {
    "adaptive quadrature did not converge: error estimate \(errorRatio)× the tolerance after \(panels) panels"
  }
}

private let kronrodNodes: [Double] = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
]
private let kronrodWeights: [Double] = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
]
/// Gauss weights for the Kronrod nodes 1, 3, 5, 7 (the 7-point Gauss rule).
private let gaussWeights: [Double] = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
]

private struct Panel<V: SIMD> where V.Scalar == Double {
  var a: Double, b: Double
  var value: V, error: V, absolute: V
}

@inline(__always) private func magnitude<V: SIMD>(_ v: V) -> V where V.Scalar == Double {
  v.replacing(with: -v, where: v .< 0)
}

private func kronrod15<V: SIMD>(_ a: Double, _ b: Double, _ f: (Double) throws -> V) rethrows -> Panel<V>
where V.Scalar == Double {
  let c = (a + b) / 2, h = (b - a) / 2
  let fc = try f(c)
  var k = kronrodWeights[7] * fc
  var g = gaussWeights[3] * fc
  var absK = kronrodWeights[7] * magnitude(fc)
  for i in 0..<7 {
    let x = h * kronrodNodes[i]
    let f1 = try f(c - x), f2 = try f(c + x)
    k += kronrodWeights[i] * (f1 + f2)
    absK += kronrodWeights[i] * (magnitude(f1) + magnitude(f2))
    if i % 2 == 1 { g += gaussWeights[i / 2] * (f1 + f2) }
  }
  return Panel(a: a, b: b, value: h * k, error: magnitude(h * (k - g)), absolute: abs(h) * absK)
}

/// `∫ f` of a vector-valued integrand over `[min(breakpoints), max(breakpoints)]` by globally adaptive
/// Gauss–Kronrod (7/15) quadrature: the panel whose error is largest relative to its allowance is bisected
/// until every component c has error ≤ max(`relativeTolerance` · ∫|f_c|, `absoluteTolerance`).
///
/// Breakpoints (sorted internally) should sit at the integrand's narrow features, e.g. the centre of a
/// Lorentzian and a few of its widths away.
/// - Throws: ``QuadratureError`` when `maxPanels` panels do not reach the tolerance (the value is never
///   returned unconverged), or whatever `f` throws.
/// - Complexity: 15 integrand evaluations per panel.
public func adaptiveGaussKronrod<V: SIMD>(
  breakpoints: [Double], relativeTolerance: Double = 1e-13, absoluteTolerance: Double = 0, maxPanels: Int = 2000,
  _ f: (Double) throws -> V
) throws -> V where V.Scalar == Double {
  let points = Array(Set(breakpoints)).sorted()
  guard points.count >= 2 else { return .zero }
  var panels = try zip(points, points.dropFirst()).map { try kronrod15($0, $1, f) }
  var ratio = Double.infinity
  while true {
    var value = V.zero, error = V.zero, absolute = V.zero
    for p in panels {
      value += p.value
      error += p.error
      absolute += p.absolute
    }
    let floor = max(absoluteTolerance, .leastNormalMagnitude)
    let allowed = (relativeTolerance * absolute).replacing(with: floor, where: relativeTolerance * absolute .< floor)
    ratio = (error / allowed).max()
    if ratio <= 1 { return value }
    guard panels.count < maxPanels else { break }
    // Worst panel: largest error relative to each component's allowance.
    var worst = 0, worstScore = -1.0
    for (i, p) in panels.enumerated() {
      let score = (p.error / allowed).max()
      if score > worstScore {
        worst = i
        worstScore = score
      }
    }
    let p = panels[worst]
    let mid = (p.a + p.b) / 2
    guard mid > p.a, mid < p.b else { break }
    panels[worst] = try kronrod15(p.a, mid, f)
    panels.append(try kronrod15(mid, p.b, f))
  }
  throw QuadratureError(panels: panels.count, errorRatio: ratio)
}

/// Scalar convenience for ``adaptiveGaussKronrod(breakpoints:relativeTolerance:absoluteTolerance:maxPanels:_:)``.
public func adaptiveGaussKronrod(
  breakpoints: [Double], relativeTolerance: Double = 1e-13, absoluteTolerance: Double = 0, maxPanels: Int = 2000,
  _ f: (Double) throws -> Double
) throws -> Double {
  let v: SIMD2<Double> = try adaptiveGaussKronrod(
    breakpoints: breakpoints, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance,
    maxPanels: maxPanels
  ) { x in SIMD2(try f(x), 0) }
  return v.x
}
