// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "InsightsKit",
    platforms: [.iOS(.v15)],
    products: [
        .library(name: "InsightsKit", targets: ["InsightsKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/firebase/firebase-ios-sdk.git", from: "10.24.0"),
        .package(url: "https://github.com/Alamofire/Alamofire", .upToNextMajor(from: "5.9.0")),
        .package(name: "Mixpanel", url: "https://github.com/mixpanel/mixpanel-swift", from: "4.2.0"),
        // .package(url: "https://github.com/amplitude/Amplitude-Swift", from: "1.0.0"),
        .package(path: "../SharedUI"),
    ],
    targets: [
        .target(
            name: "InsightsKit",
            dependencies: [
                .product(name: "FirebaseAnalytics", package: "firebase-ios-sdk"),
                .product(name: "FirebaseFirestore", package: "firebase-ios-sdk"),
                .product(name: "Mixpanel", package: "Mixpanel"),
                "Alamofire",
            ]
        ),
        .testTarget(name: "InsightsKitTests", dependencies: ["InsightsKit"]),
    ]
)
