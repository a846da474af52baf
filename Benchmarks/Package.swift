// swift-tools-version: 6.1
// TranscriptKit's benchmarks: a package of their own so that package-benchmark (and its malloc
// interposer) never becomes a dependency of the library. Run everything with `scripts/bench.sh`.
import PackageDescription

// A path dependency's identity is the name of its directory (the clone's name), not the
// manifest's `name`, so derive it rather than hard-coding "TranscriptKit".
let libraryPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init)?.lowercased() ?? "transcriptkit"

let package = Package(
    name: "TranscriptKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // yajl itself, for the no-op parse that is the speed limit of this design.
        .systemLibrary(name: "CYajlBench", pkgConfig: "yajl", providers: [.apt(["libyajl-dev"])]),
        .target(
            name: "YajlBaseline",
            dependencies: ["CYajlBench"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The pipelines measured, the corpus, and the Foundation baseline, shared by both runners.
        .target(
            name: "BenchKit",
            dependencies: [
                "YajlBaseline",
                .product(name: "TranscriptKit", package: libraryPackage),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Side-by-side ratios in one run (yajl no-op, decoders, CLI process, Foundation, Python).
        .executableTarget(
            name: "bench-ratios",
            dependencies: ["BenchKit", "CYajlBench"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The package-benchmark suite (`swift package benchmark`).
        .executableTarget(
            name: "TranscriptBenchmarks",
            dependencies: [
                "BenchKit",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/TranscriptBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
