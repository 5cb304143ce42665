// The pass's vector arithmetic over one stretch of a tile: λ, V/λ and the
// ratio sums, and the logarithms of Σ V log λ.
extension DenseCountPass {
  /// Σ V log m (as its heads f and tails, ``SIMD4/_logarithmTail(f:s:constants:)``)
  /// and Σ V k, lane by lane, for λ = 2ᵏ m.
  struct LogSums {
    var head = Vector()
    var tail = Vector()
    var exponent = Vector()
  }

  /// Individual k's vector t of V/λ (or of λ), in bytes from the start of
  /// the scratch buffers.
  @inline(__always)
  static func slot(_ k: Int, _ t: Int) -> Int { 32 &* (k &* vectorsPerTile &+ t) }

  /// For each vector of loci of a tile and each of b individuals, λ and
  /// V/λ (one division per lane), then the G ratio sums and (returned) the
  /// W ratio sums of the b individuals.
  ///
  /// The sums for a vector are taken ``pipelineLag`` vectors after its
  /// division, in the same loop: the divider works while the sums of
  /// earlier vectors go through the
  /// multipliers, and no sum waits on a division's latency. Products and
  /// sums are fused where the target allows (``SIMD4/_addingProduct(_:_:)``):
  /// the loop's 3 r products per vector are its bound. λ starts from the
  /// smallest normal number rather than being clamped to it, which takes
  /// an operation off each vector for the same values (the start is lost
  /// in the rounding of any λ above about 2e-292; the parameters' floor
  /// keeps λ above 1e-300).
  ///
  /// With more than six W ratio sums (b r > 6), the sums are taken in a
  /// second loop over the stored V/λ, which needs only them, V/λ and G in
  /// registers (one individual at a time beyond twelve). In the first
  /// loop, b r sums and b r broadcast values of W do not fit AVX2's
  /// sixteen vector registers together, and sums would go through memory.
  /// A pair at r = 3 (six sums) still fits, so its sums stay in the first
  /// loop.
  ///
  /// A function of its own, every parameter an argument and every choice
  /// a compile-time one, so that no pointer is reloaded from a closure
  /// context and no flag is tested in the loop.
  @inline(never)
  static func pipeline<let r: Int, let b: Int, let keep: Int>(
    _: Populations<r>.Type, _: Individuals<b>.Type, _: KeepingLambdas<keep>.Type,
    stretch: Stretch, w wi: InlineArray<b, InlineArray<r, Vector>>
  ) -> InlineArray<b, InlineArray<r, Vector>> {
    let (vectors, rowBytes, stretchBytes) = (stretch.vectors, Self.rowBytes, Self.stretchBytes)
    let (g, ratioG, counts, ratios, lambdas) = (stretch.g, stretch.ratioG, stretch.counts, stretch.ratios,
                                                stretch.lambdas)
    let sumsInLoop = b * r <= 6
    let tiny = Vector(repeating: .leastNormalMagnitude)
    @inline(__always) func divide(_ t: Int) {
      let offset = 32 &* t
      // λ = Σ_a W_ia G_aμ, from the first product rather than from zero.
      var lambda = InlineArray<b, Vector>(repeating: Vector())
      let g0 = g.loadUnaligned(fromByteOffset: offset, as: Vector.self)
      for k in 0..<b { lambda[k] = tiny._addingProduct(wi[k][0], g0) }
      for a in 1..<r {
        let gaj = g.loadUnaligned(fromByteOffset: offset &+ a &* rowBytes, as: Vector.self)
        for k in 0..<b { lambda[k] = lambda[k]._addingProduct(wi[k][a], gaj) }
      }
      for k in 0..<b {
        let v = Vector(counts.loadUnaligned(fromByteOffset: k &* stretchBytes &+ 8 &* t, as: SIMD4<UInt16>.self))
        ratios.storeBytes(of: v / lambda[k], toByteOffset: slot(k, t), as: Vector.self)
        if keep == 1 { lambdas.storeBytes(of: lambda[k], toByteOffset: slot(k, t), as: Vector.self) }
      }
    }
    @inline(__always) func ratiosAt(_ t: Int) -> InlineArray<b, Vector> {
      var rho = InlineArray<b, Vector>(repeating: Vector())
      for k in 0..<b { rho[k] = ratios.loadUnaligned(fromByteOffset: slot(k, t), as: Vector.self) }
      return rho
    }
    @inline(__always) func accumulate(_ t: Int, _ sums: inout InlineArray<b, InlineArray<r, Vector>>) {
      let offset = 32 &* t
      let rho = ratiosAt(t)
      for a in 0..<r {
        let target = offset &+ a &* rowBytes
        if sumsInLoop {
          let gaj = g.loadUnaligned(fromByteOffset: target, as: Vector.self)
          for k in 0..<b { sums[k][a] = sums[k][a]._addingProduct(rho[k], gaj) }
        }
        var ratioGa = ratioG.loadUnaligned(fromByteOffset: target, as: Vector.self)
        for k in 0..<b { ratioGa = ratioGa._addingProduct(rho[k], wi[k][a]) }
        ratioG.storeBytes(of: ratioGa, toByteOffset: target, as: Vector.self)
      }
    }
    var sums = InlineArray<b, InlineArray<r, Vector>>(repeating: InlineArray(repeating: Vector()))
    let lag = Self.pipelineLag
    for t in 0..<lag { divide(t) }
    for t in lag..<vectors {
      divide(t)
      accumulate(t &- lag, &sums)
    }
    for t in (vectors - lag)..<vectors { accumulate(t, &sums) }
    if !sumsInLoop && b * r <= 12 {
      for t in 0..<vectors {
        let rho = ratiosAt(t)
        for a in 0..<r {
          let gaj = g.loadUnaligned(fromByteOffset: 32 &* t &+ a &* rowBytes, as: Vector.self)
          for k in 0..<b { sums[k][a] = sums[k][a]._addingProduct(rho[k], gaj) }
        }
      }
    } else if !sumsInLoop {
      // Beyond twelve sums, one individual at a time.
      for k in 0..<b {
        var sumsK = sums[k]
        for t in 0..<vectors {
          let rho = ratios.loadUnaligned(fromByteOffset: slot(k, t), as: Vector.self)
          for a in 0..<r {
            let gaj = g.loadUnaligned(fromByteOffset: 32 &* t &+ a &* rowBytes, as: Vector.self)
            sumsK[a] = sumsK[a]._addingProduct(rho, gaj)
          }
        }
        sums[k] = sumsK
      }
    }
    return sums
  }

  /// Adds Σ V log λ over `vectors` vectors of λ and their counts to
  /// `logSums`, overwriting λ with f and using `quotients` for s (the
  /// logarithm's halves, ``SIMD4/_logarithmReduction(_:constants:)``).
  ///
  /// Two loops, each one vector at a time: the divisions and the sum of
  /// exponents first, then the polynomials, so that no vector's chain (a
  /// division, then the polynomial) holds the loop. Not inlined: inside the
  /// pass's loop the logarithm would hold its registers and its constants
  /// would be shuffled between them.
  ///
  /// - Parameters:
  ///   - lambdas: λ, `vectors` vectors; left holding f.
  ///   - quotients: room for `vectors` vectors.
  @inline(never)
  static func addLogarithms(_ lambdas: UnsafeMutableRawPointer, quotients: UnsafeMutableRawPointer,
                                    counts: UnsafeRawPointer, vectors: Int, to logSums: inout LogSums) {
    var (head, tail, exponent) = (logSums.head, logSums.tail, logSums.exponent)
    let constants = _LogarithmConstants.vectors
    for t in 0..<vectors {
      let v = Vector(counts.loadUnaligned(fromByteOffset: 8 &* t, as: SIMD4<UInt16>.self))
      let reduced = Vector._logarithmReduction(lambdas.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self),
                                               constants: constants)
      lambdas.storeBytes(of: reduced.f, toByteOffset: 32 &* t, as: Vector.self)
      quotients.storeBytes(of: reduced.s, toByteOffset: 32 &* t, as: Vector.self)
      exponent = exponent._addingProduct(v, reduced.exponent)
    }
    for t in 0..<vectors {
      let v = Vector(counts.loadUnaligned(fromByteOffset: 8 &* t, as: SIMD4<UInt16>.self))
      let f = lambdas.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self)
      let s = quotients.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self)
      head = head._addingProduct(v, f)
      tail = tail._addingProduct(v, Vector._logarithmTail(f: f, s: s, constants: constants))
    }
    logSums = LogSums(head: head, tail: tail, exponent: exponent)
  }
}
