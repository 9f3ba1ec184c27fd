import CBLAS

/// The number of threads OpenBLAS uses, for the whole process.
///
/// RAE sets it to 1 before its first product: its products are small, and on this kind of
/// 2-core machine small products get slower with threads (a 4096x64x9 sgemm ran 1.8x slower
/// on 2 threads). Set it higher only for large batches of long episodes, and measure.
public enum BLASThreads {
    /// Applies the default of 1 thread once, before RAE's first product.
    private static let defaultApplied: Void = openblas_set_num_threads(1)

    /// Sets the OpenBLAS thread count for the whole process.
    /// - Parameter count: the number of threads, at least 1.
    /// - Throws: ``RAEError/invalidParameter(name:value:allowed:)`` for a count below 1.
    public static func set(_ count: Int) throws {
        try Validate.positive("BLAS thread count", count)
        _ = defaultApplied
        openblas_set_num_threads(Int32(clamping: count))
    }

    /// The thread count OpenBLAS uses now.
    public static var current: Int {
        _ = defaultApplied
        return Int(openblas_get_num_threads())
    }

    /// OpenBLAS's kernel for this CPU (e.g. "Zen"), for benchmark reports.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Makes sure the default applies before a product runs.
    @inline(__always)
    static func prepare() { _ = defaultApplied }
}

/// RAE's calls into CBLAS, all row-major; the one file that speaks C.
enum BLAS {
    /// Which side a lower-triangular matrix multiplies a row-major block from.
    enum TriangularProduct {
        /// `b = b · l`, `l` being `n x n`: each row of `b` is multiplied.
        case fromRight
        /// `b = lᵀ · b`, `l` being `m x m`: sums down the columns of `b`.
        case transposedFromLeft
    }

    /// `b` (m x n, row-major, ldb) multiplied in place by the lower-triangular `l` (ldl).
    /// In place and with half the flops of `sgemm`, it measured 1.5-2x faster than `sgemm`
    /// on these skinny products.
    static func multiplyByLowerTriangular(
        _ product: TriangularProduct, m: Int, n: Int, b: UnsafeMutablePointer<Float>, ldb: Int,
        l: UnsafePointer<Float>, ldl: Int
    ) {
        BLASThreads.prepare()
        let (side, transpose) = product == .fromRight ? (CblasRight, CblasNoTrans) : (CblasLeft, CblasTrans)
        cblas_strmm(
            CblasRowMajor, side, CblasLower, transpose, CblasNonUnit, Int32(m), Int32(n), 1, l, Int32(ldl), b, Int32(ldb))
    }

    /// `y = a · x` for row-major `a` (m x n, lda): `y` has m entries.
    static func multiplyVector(
        m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        BLASThreads.prepare()
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(lda), x, 1, 0, y, 1)
    }
}
