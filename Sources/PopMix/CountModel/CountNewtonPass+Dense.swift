import RealModule

// The fast path over a dense line (``CountNewtonDenseLines``), r ≤ 4: four
// entries of the line in a vector's lanes and the other factor as four rows
// (F_a[k..k+3]), so that λ = Σ_a x_a F_a is four products, ρ and ρ/λ share
// one division, and the gradient's 4 and the curvature's 10 sums are
// products of whole vectors, reduced across lanes once at the line's end.
// Zero counts (hidden ones and padding included) add nothing but cost
// the same: at the densities this layout is chosen for, skipping them
// would cost more in branches than it saves.
extension CountNewtonPass {
  /// ``derivatives(_:r:p:at:s:ratio:hessian:)`` on a dense line.
  @inline(__always)
  func denseDerivatives(_ line: Int, r: Int, at xl: UnsafePointer<Double>, s: UnsafePointer<Double>,
                        ratio: UnsafeMutablePointer<Double>, hessian: UnsafeMutablePointer<Double>) -> Double {
    let logTerm = evaluate ? denseSums(line, r: r, at: xl, ratio: ratio, hessian: hessian, evaluating: true)
      : denseSums(line, r: r, at: xl, ratio: ratio, hessian: hessian, evaluating: false)
    var expected = 0.0
    for a in 0..<r { expected += xl[a] * s[a] }
    return logTerm - expected
  }

  /// Σ_k v_k log λ_k (0 unless `evaluating`), with the gradient's sums into
  /// `ratio` and the curvature (r × r, full) into `hessian`.
  @inline(__always)
  private func denseSums(_ line: Int, r: Int, at xl: UnsafePointer<Double>, ratio: UnsafeMutablePointer<Double>,
                         hessian: UnsafeMutablePointer<Double>, evaluating: Bool) -> Double {
    let length = denseLength
    let v = UnsafeRawPointer(denseCounts! + line * length)
    let (f0, f1, f2, f3) = factorRowPointers
    let x = lanes(xl, r: r)
    let (x0, x1, x2, x3) = (Vector(repeating: x[0]), Vector(repeating: x[1]), Vector(repeating: x[2]),
                            Vector(repeating: x[3]))
    let constants = _LogarithmConstants.vectors
    var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector(), logSum = Vector()
    var h00 = Vector(), h01 = Vector(), h02 = Vector(), h03 = Vector(), h11 = Vector(), h12 = Vector()
    var h13 = Vector(), h22 = Vector(), h23 = Vector(), h33 = Vector()
    var j = 0
    while j < length {
      let c = Vector(v.loadUnaligned(fromByteOffset: 2 &* j, as: SIMD4<UInt16>.self))
      let a0 = load(f0, j), a1 = load(f1, j), a2 = load(f2, j), a3 = load(f3, j)
      let lambda = (x0 * a0)._addingProduct(x1, a1)._addingProduct(x2, a2)._addingProduct(x3, a3)
      let inverse = 1 / lambda
      let rho = c * inverse, weight = rho * inverse
      if evaluating { logSum = logSum._addingProduct(c, Vector._logarithm(lambda, constants: constants)) }
      s0 = s0._addingProduct(rho, a0)
      s1 = s1._addingProduct(rho, a1)
      s2 = s2._addingProduct(rho, a2)
      s3 = s3._addingProduct(rho, a3)
      let w0 = weight * a0, w1 = weight * a1, w2 = weight * a2, w3 = weight * a3
      h00 = h00._addingProduct(w0, a0)
      h01 = h01._addingProduct(w0, a1)
      h02 = h02._addingProduct(w0, a2)
      h03 = h03._addingProduct(w0, a3)
      h11 = h11._addingProduct(w1, a1)
      h12 = h12._addingProduct(w1, a2)
      h13 = h13._addingProduct(w1, a3)
      h22 = h22._addingProduct(w2, a2)
      h23 = h23._addingProduct(w2, a3)
      h33 = h33._addingProduct(w3, a3)
      j &+= 4
    }
    let sums: InlineArray<4, Vector> = [s0, s1, s2, s3]
    let pairs: InlineArray<16, Vector> = [h00, h01, h02, h03, h01, h11, h12, h13, h02, h12, h22, h23,
                                          h03, h13, h23, h33]
    for a in 0..<r {
      ratio[a] = sums[a].sum()
      for b in 0..<r { hessian[a * r + b] = pairs[a * 4 + b].sum() }
    }
    return logSum.sum()
  }

  /// ``gain(_:r:p:at:from:s:)`` on a dense line: f(point) − f(x), its log
  /// part Σ_k v_k log(λ'_k / λ_k) four entries at a time.
  @inline(__always)
  func denseGain(_ line: Int, r: Int, at point: UnsafePointer<Double>, from xl: UnsafePointer<Double>,
                 s: UnsafePointer<Double>) -> Double {
    let length = denseLength
    let v = UnsafeRawPointer(denseCounts! + line * length)
    let (f0, f1, f2, f3) = factorRowPointers
    let x = lanes(xl, r: r), y = lanes(point, r: r)
    let (x0, x1, x2, x3) = (Vector(repeating: x[0]), Vector(repeating: x[1]), Vector(repeating: x[2]),
                            Vector(repeating: x[3]))
    let (y0, y1, y2, y3) = (Vector(repeating: y[0]), Vector(repeating: y[1]), Vector(repeating: y[2]),
                            Vector(repeating: y[3]))
    let constants = _LogarithmConstants.vectors
    var logSum = Vector()
    var j = 0
    while j < length {
      let c = Vector(v.loadUnaligned(fromByteOffset: 2 &* j, as: SIMD4<UInt16>.self))
      let a0 = load(f0, j), a1 = load(f1, j), a2 = load(f2, j), a3 = load(f3, j)
      let lambda = (x0 * a0)._addingProduct(x1, a1)._addingProduct(x2, a2)._addingProduct(x3, a3)
      let updated = (y0 * a0)._addingProduct(y1, a1)._addingProduct(y2, a2)._addingProduct(y3, a3)
      logSum = logSum._addingProduct(c, Vector._logarithm(updated / lambda, constants: constants))
      j &+= 4
    }
    var expected = 0.0
    for a in 0..<r { expected += (point[a] - xl[a]) * s[a] }
    return logSum.sum() - expected
  }

  /// The four factor rows (``CountNewtonDenseLines/fillFactorRows(_:count:stride:populations:into:)``).
  private var factorRowPointers: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                                  UnsafePointer<Double>) {
    let rows = factorRows!
    return (rows, rows + denseLength, rows + 2 * denseLength, rows + 3 * denseLength)
  }

  /// A line's r parameters in four lanes, zero past r.
  @inline(__always)
  private func lanes(_ xl: UnsafePointer<Double>, r: Int) -> Vector {
    var x = Vector()
    for a in 0..<r { x[a] = xl[a] }
    return x
  }

  @inline(__always)
  private func load(_ row: UnsafePointer<Double>, _ j: Int) -> Vector {
    UnsafeRawPointer(row + j).loadUnaligned(as: Vector.self)
  }
}
