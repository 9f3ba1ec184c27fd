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
    /// `c = a · b` for row-major `a` (m x k, leading dimension lda), `b` (k x n, ldb) and
    /// `c` (m x n, ldc).
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASThreads.prepare()
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// `c = aᵀ · b` for row-major `a` (k x m, lda), `b` (k x n, ldb) and `c` (m x n, ldc).
    static func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASThreads.prepare()
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// `y = a · x` for row-major `a` (m x n, lda).
    static func multiplyVector(
        m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        BLASThreads.prepare()
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(lda), x, 1, 0, y, 1)
    }
}
