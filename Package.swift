// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TranscriptKit",
    products: [
        .library(name: "TranscriptKit", targets: ["TranscriptKit"]),
        .executable(name: "transcript", targets: ["transcript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // yajl 2.x from the system (Debian: libyajl-dev); the shim wraps the variadic yajl_config.
        .systemLibrary(
            name: "CYajl",
            pkgConfig: "yajl",
            providers: [.apt(["libyajl-dev"])]
        ),
        .target(
            name: "TranscriptKit",
            dependencies: ["CYajl"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "transcript",
            dependencies: [
                "TranscriptKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TranscriptKitTests",
            // The CLI's module too, so that its argument parsing can be tested in process.
            dependencies: ["TranscriptKit", "transcript"],
            resources: [.copy("Golden")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
