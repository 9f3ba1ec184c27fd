// swift-tools-version:6.0
import PackageDescription

// Release builds specialise generics across modules (the engine and solvers are generic over
// `Game`). SwiftPM refuses unsafe flags in a package used as a versioned dependency (checked:
// `.package(url:from:)` on a tagged copy fails with "the target 'Games' in product 'Games'
// contains unsafe build flags"), so today these products can be used from a local path or a
// branch only. Without the flag (callgrind instruction counts of release builds;
// `GameCatalog.visit` and `Episode.play` are `@inlinable` so that the engine and the bridge
// specialise without it):
// random playouts with and without recording within 1% (`games rollout`, `games selfplay`),
// CFR on Kuhn Poker +1.5% (`games solve kuhn_poker --iterations 300`), the bridge's request
// handling +8% per 1024-game TicTacToe step (386 k -> 418 k; +4% with trajectories,
// benchmarks/bridge_callgrind.py), most of it TicTacToe's observation tables read through
// lazily initialised globals. Removing the flag is a one-line change once that is settled.
let fastGenerics: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
    name: "SelfPlay",
    products: [
        .library(name: "Games", targets: ["Games"]),
        .library(name: "GamesTesting", targets: ["GamesTesting"]),
        // Rule tests for users' own games and variants: imports Swift Testing, so only test
        // targets should depend on it (the `games` executable does not).
        .library(name: "GameScenarios", targets: ["GameScenarios"]),
        .library(name: "Solvers", targets: ["Solvers"]),
        .library(name: "RAE", targets: ["RAE"]),
        .library(name: "Rollout", targets: ["Rollout"]),
        .library(name: "Bridge", targets: ["Bridge"]),
        .executable(name: "games", targets: ["GamesCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only the runtime library; the generated code is committed (scripts/generate-protocol.sh).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // Property-based testing with shrinking, for GameScenarios' random legal play only.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Rules only: no Foundation, no I/O.
        .target(name: "Games", swiftSettings: fastGenerics),
        .target(name: "GamesTesting", dependencies: ["Games"], swiftSettings: fastGenerics),
        .target(
            name: "GameScenarios",
            dependencies: ["Games", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .target(name: "Solvers", dependencies: ["Games"], swiftSettings: fastGenerics),
        .target(name: "Rollout", dependencies: ["Games", "Solvers"], swiftSettings: fastGenerics),
        // Debian's libopenblas-dev; see Sources/CBLAS/module.modulemap.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),
        .target(name: "RAE", dependencies: ["CBLAS"], swiftSettings: fastGenerics),
        // Debian's libzmq3-dev; no pkgConfig (it only adds a warning: zmq.h and libzmq.so are on default paths).
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .target(
            name: "Bridge",
            dependencies: [
                "Games", "Rollout", "RAE", "CZeroMQ",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: fastGenerics
        ),
        .executableTarget(
            name: "GamesCLI",
            dependencies: [
                "Games", "GamesTesting", "Solvers", "Rollout", "RAE", "Bridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fastGenerics
        ),
        // The golden transcripts are read from the source tree by path, not bundled.
        .testTarget(name: "GamesTests", dependencies: ["Games", "GamesTesting"], exclude: ["Playthroughs"]),
        .testTarget(
            name: "GameScenariosTests",
            dependencies: ["GameScenarios", "Games", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SolversTests", dependencies: ["Games", "Solvers"]),
        .testTarget(name: "RolloutTests", dependencies: ["Games", "Solvers", "Rollout"]),
        // Games only for its seeded generator; RAE itself does not depend on Games.
        .testTarget(name: "RAETests", dependencies: ["RAE", "Games"]),
        .testTarget(name: "BridgeTests", dependencies: ["Bridge", "Games", "Rollout", "RAE", "CZeroMQ"]),
        // The CLI's own logic (move reading, what a player is shown); its behaviour as a
        // program is tested through the built binary in python-client/tests/test_cli.py.
        .testTarget(name: "GamesCLITests", dependencies: ["GamesCLI", "Games", "Rollout"]),
    ],
    swiftLanguageModes: [.v6]
)
