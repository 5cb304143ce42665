extension SquaremProducts {
  /// ``add(_:_:_:weights:)`` over the parameters of states held in
  /// ``AlignedBuffer``s: the same products, term by term in the same order.
  ///
  /// - Precondition: the buffers (and `weights`) have one length.
  /// - Complexity: O(count).
  mutating func add(_ x0: AlignedBuffer<Double>, _ x1: AlignedBuffer<Double>, _ x2: AlignedBuffer<Double>,
                    weights: AlignedBuffer<Double>? = nil) {
    precondition(x0.count == x1.count && x1.count == x2.count && (weights?.count ?? x0.count) == x0.count,
                 "SQUAREM's points must have one shape")
    let (p0, p1, p2, weight) = (x0.pointer, x1.pointer, x2.pointer, weights?.pointer)
    for k in 0..<x0.count {
      let r = p1[k] - p0[k]
      let v = p2[k] - p1[k] - r
      let w = weight?[k] ?? 1
      rr += r * r * w
      rv += r * v * w
      vv += v * v * w
    }
  }
}
