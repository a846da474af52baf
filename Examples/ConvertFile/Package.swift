// swift-tools-version: 6.1
// A consumer of TranscriptKit, linked by path: the proof that another Swift package can use it.
import PackageDescription

let package = Package(
    name: "ConvertFile",
    dependencies: [
        // In a real service: .package(url: "<TranscriptKit's repository>", from: "1.0.0")
        // Named, so that products resolve whatever the checkout's directory is called.
        .package(name: "TranscriptKit", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ConvertFile",
            dependencies: [.product(name: "TranscriptKit", package: "TranscriptKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
