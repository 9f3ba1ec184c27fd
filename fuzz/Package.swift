// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for SelfPlay, kept out of the main package so that `swift build` and
// `swift test` there never see them. Build and run them with scripts/fuzz.sh: every module
// (these and the main package's) is compiled with `-sanitize=fuzzer,address`, and each
// target's `main.swift` hands its test function to libFuzzer's driver (`FuzzTarget.run`).
// FuzzBridgeRequests imports Bridge `@testable` (debug builds only) to reach the bridge's
// internal message types.
let package = Package(
    name: "SelfPlayFuzz",
    dependencies: [.package(name: "SelfPlay", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", .product(name: "Games", package: "SelfPlay")]
        ),
        .executableTarget(
            name: "FuzzBridgeRequests",
            dependencies: ["FuzzSupport", .product(name: "Bridge", package: "SelfPlay"), .product(name: "Games", package: "SelfPlay")]
        ),
        .executableTarget(
            name: "FuzzActionText",
            dependencies: ["FuzzSupport", .product(name: "Games", package: "SelfPlay")]
        ),
        .executableTarget(
            name: "FuzzDecodeState",
            dependencies: ["FuzzSupport", .product(name: "Games", package: "SelfPlay")]
        ),
        .executableTarget(
            name: "FuzzPolicyFile",
            dependencies: [
                "FuzzSupport", .product(name: "Games", package: "SelfPlay"), .product(name: "Solvers", package: "SelfPlay"),
                .product(name: "Rollout", package: "SelfPlay"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
