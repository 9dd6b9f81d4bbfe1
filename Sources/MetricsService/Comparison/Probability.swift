#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distribution tails the comparison tests need, from libm's `erfc` and `lgamma_r` alone.
///
/// Accuracy is what a verdict at α = 0.0025 needs, not more: the normal tail is libm's, the Student
/// tail is the regularized incomplete beta function by Lentz's continued fraction (relative error
/// below 1e-10 for the degrees of freedom it is used at), and the hypergeometric tail sums exact
/// log-space terms until they no longer change the sum.
enum Probability {
    /// P(Z ≥ z) for a standard normal Z.
    static func normalUpperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// Above this many degrees of freedom the Student tail is the normal one (their difference at the
    /// tails a verdict looks at is below 1e-4 relative), and the continued fraction would need
    /// O(√df) steps.
    static let normalDegreesOfFreedom = 100_000.0

    /// P(T ≥ t) for Student's t with `degreesOfFreedom` (> 0, not necessarily whole).
    static func studentUpperTail(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom < normalDegreesOfFreedom else { return normalUpperTail(t) }
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: degreesOfFreedom / 2, b: 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// I_x(a, b), by the continued fraction on whichever side of the mean converges fast.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) (modified Lentz).
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }

    /// ln Γ(x) for x > 0 (`lgamma_r`: the plain `lgamma` writes the global `signgam`).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ln C(n, k).
    static func logChoose(_ n: Double, _ k: Double) -> Double {
        logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
    }

    /// P(X ≥ x) for X ~ Hypergeometric(population, successes, draws): the number of marked items among
    /// `draws` taken without replacement from `population` of which `successes` are marked.
    ///
    /// Sums from `x` away from the mode (or sums the other tail and subtracts, when `x` is below the
    /// mode), so every term added is smaller than the one before and the loop stops once a term no
    /// longer changes the sum: about ten standard deviations of terms at most.
    static func hypergeometricUpperTail(_ x: Int, population: Int, successes: Int, draws: Int) -> Double {
        let low = max(0, draws - (population - successes))
        let high = min(successes, draws)
        if x <= low { return 1 }
        if x > high { return 0 }
        let (n, k, d) = (Double(population), Double(successes), Double(draws))
        let logTotal = logChoose(n, d)
        func probability(_ value: Int) -> Double {
            let v = Double(value)
            return exp(logChoose(k, v) + logChoose(n - k, d - v) - logTotal)
        }
        // P(X = v+1) / P(X = v).
        func ratioUp(_ value: Int) -> Double {
            let v = Double(value)
            return (k - v) * (d - v) / ((v + 1) * (n - k - d + v + 1))
        }
        let mode = Int(((d + 1) * (k + 1) / (n + 2)).rounded(.down))
        if x > mode {
            var term = probability(x)
            var sum = term
            var value = x
            while value < high {
                term *= ratioUp(value)
                value += 1
                sum += term
                if term <= sum * 1e-17 { break }
            }
            return min(1, sum)
        }
        var term = probability(x - 1)
        var sum = term
        var value = x - 1
        while value > low {
            value -= 1
            term /= ratioUp(value)
            sum += term
            if term <= sum * 1e-17 { break }
        }
        return max(0, 1 - sum)
    }
}
